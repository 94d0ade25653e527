/**
 * The feedback module as the rest of the server calls it: a feedback on `/payment/ogone/return`
 * (process.ts: verify.ts → decide.ts → apply.ts), who sent it (channel.ts), and a DirectLink
 * answer about a whole payment applied the same way (apply-answer.ts). What follows a changed
 * payment (the review of maintenance/duplicates.ts) is passed in as `afterChange`:
 * maintenance/ imports feedback/, never the other way round, and maintenance/index.ts binds
 * the review for the routes and saved-card payments.
 */
export { applyAnswer, type AfterPaymentChange, type AnswerOptions } from './apply-answer.ts';
export { detectChannel, rawHeaderReader, type FeedbackCaller } from './channel.ts';
export { processFeedback, type FeedbackProcessing } from './process.ts';
export type { VerifyOptions } from './verify.ts';
