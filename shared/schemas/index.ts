/** `@ogone-checkout/shared/schemas`: the zod schemas of the merchant API, the hosted page, feedback and configuration. */
export * from './errors.ts';
export * from './config.ts';
export * from './hosted-page.ts';
export * from './feedback.ts';
export * from './api.ts';
