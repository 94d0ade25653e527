/** `@ogone-checkout/shared/schemas`: the zod schemas of the merchant API (requests and resources), the hosted page, feedback and configuration. */
export * from './errors.ts';
export * from './config.ts';
export * from './hosted-page.ts';
export * from './feedback.ts';
export * from './api.ts';
export * from './requests.ts';
export * from './resources.ts';
export * from './setup-session.ts';
