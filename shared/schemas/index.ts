/** `@ogone-checkout/shared/schemas`: the zod schemas of the merchant API, the hosted page, feedback and configuration. */
export * from './errors.ts';
export * from './config.ts';
export * from './hosted-page.ts';
export * from './feedback.ts';
export * from './api.ts';
// The merchant API's request bodies and response shapes (issue 14: the OpenAPI document and the client read them).
export * from './requests.ts';
export * from './resources.ts';
