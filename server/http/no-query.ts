/**
 * Refuses any query parameter on a merchant API route that takes none, with the 400 an unknown
 * body key gets, naming it (README, "Merchant API"). Dropped silently, `POST …/capture?amount=600`
 * captured the whole authorisation: the merchant asked for 600 and the amount went unread
 * (review r1160). Routes that take parameters read them with `readQuery`, as strict.
 */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { queryInput } from './problem.ts';

const NONE = z.object({});

export const noQueryParameters: MiddlewareHandler = async (c, next) => {
  queryInput(c, NONE);
  await next();
};
