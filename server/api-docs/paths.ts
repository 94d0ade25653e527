/**
 * Every path of the merchant API, one entry each: what the OpenAPI document (./openapi.ts) is
 * built from. Request and response shapes are the zod schemas the routes validate with and the
 * ones in shared/schemas/resources.ts; nothing here is a hand-written JSON Schema. A new endpoint
 * is one more entry (test/server/api-docs/openapi.test.ts fails on a route under /api without one).
 */
import { z } from 'zod';
import { createButtonSchema } from '../../shared/schemas/api.ts';
import { captureRequestSchema, createChargeSchema, operationRequestSchema } from '../../shared/schemas/requests.ts';
import {
  aliasDeletionSchema,
  aliasPageSchema,
  aliasSchema,
  buttonDeletedSchema,
  buttonPageSchema,
  buttonSchema,
  checkoutSessionSchema,
  dashboardSummarySchema,
  operationResultSchema,
  pingResultSchema,
  syncResultSchema,
  transactionDetailSchema,
  transactionPageSchema,
  transactionSchema,
  webhookEventPageSchema,
  webhookEventSchema,
} from '../../shared/schemas/resources.ts';
import { aliasListQuery } from '../routes/merchant/aliases.ts';
import { summaryQuery } from '../routes/merchant/dashboard-summary.ts';
import { createSessionRequestSchema } from './components.ts';
import { listQuery as eventListQuery } from '../routes/merchant/events.ts';
import { exportQuery } from '../routes/merchant/export.ts';
import { pageQuery } from '../routes/merchant/pagination.ts';
import { listQuery as transactionListQuery } from '../routes/merchant/transactions.ts';

export type HttpMethod = 'get' | 'post' | 'delete';

/** An error status this operation can answer, always with the `{ error }` body. */
export type ErrorStatus = 400 | 401 | 402 | 404 | 409 | 410 | 413 | 415 | 422 | 501 | 502 | 503 | 504;

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI form: `/api/transactions/{reference}`. Path parameters are strings. */
  path: string;
  tag: 'sessions' | 'buttons' | 'transactions' | 'aliases' | 'events' | 'dashboard' | 'meta';
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A body may be left out (capture / refund / cancel take the whole remainder). */
  bodyOptional?: boolean;
  /** Served without an API key. */
  public?: boolean;
  responses: Partial<Record<200 | 201 | 202, { description: string; schema: z.ZodType; contentType?: 'text/csv' }>>;
  /** Besides 401 (every authenticated operation) and 400 (every one with input). */
  errors?: ErrorStatus[];
}

const page = z.object(pageQuery);
const ref = '/api/transactions/{reference}';
const operationErrors: ErrorStatus[] = [404, 409, 422, 501, 502, 503, 504];

export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'meta',
    summary: 'This document (public: it describes the shape of the API, nothing of a merchant)',
    public: true,
    responses: { 200: { description: 'the OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
  },
  {
    method: 'post',
    path: '/api/checkout-sessions',
    tag: 'sessions',
    summary:
      'Create a checkout session: a payment (the amount is fixed here, on the server), or with mode "setup" a card saved without paying',
    body: createSessionRequestSchema,
    responses: { 201: { description: 'the session, open', schema: checkoutSessionSchema } },
    errors: [413, 422, 501],
  },
  {
    method: 'get',
    path: '/api/checkout-sessions/{id}',
    tag: 'sessions',
    summary: 'A checkout session and its payment attempts',
    responses: { 200: { description: 'the session', schema: checkoutSessionSchema } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/buttons',
    tag: 'buttons',
    summary: 'Create a fixed-price payment button',
    body: createButtonSchema,
    responses: { 201: { description: 'the button', schema: buttonSchema } },
  },
  {
    method: 'get',
    path: '/api/buttons',
    tag: 'buttons',
    summary: 'List payment buttons, newest first',
    query: page,
    responses: { 200: { description: 'one page of buttons', schema: buttonPageSchema } },
  },
  {
    method: 'get',
    path: '/api/buttons/{id}',
    tag: 'buttons',
    summary: 'A payment button',
    responses: { 200: { description: 'the button', schema: buttonSchema } },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/buttons/{id}',
    tag: 'buttons',
    summary: 'Delete a payment button',
    responses: { 200: { description: 'deleted', schema: buttonDeletedSchema } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/transactions',
    tag: 'transactions',
    summary: 'List payments (one per attempt), newest first; expired attempts only when asked',
    query: transactionListQuery,
    responses: { 200: { description: 'one page of transactions', schema: transactionPageSchema } },
  },
  {
    method: 'get',
    path: '/api/transactions/export.csv',
    tag: 'transactions',
    summary: "The payments of a filter (the list's parameters, without limit or cursor) as CSV, streamed",
    query: exportQuery,
    responses: {
      200: { description: 'CSV with a header row; amounts in major units and in minor units', schema: z.string(), contentType: 'text/csv' },
    },
  },
  {
    method: 'get',
    path: ref,
    tag: 'transactions',
    summary: 'A payment with the feedback Ogone sent about it',
    responses: { 200: { description: 'the transaction', schema: transactionDetailSchema } },
    errors: [404],
  },
  ...(['capture', 'refund', 'cancel'] as const).map((kind): ApiOperation => ({
    method: 'post',
    path: `${ref}/${kind}`,
    tag: 'transactions',
    summary:
      kind === 'cancel'
        ? 'Cancel the whole authorisation of a payment (DirectLink maintenance)'
        : `${kind[0]!.toUpperCase()}${kind.slice(1)} a payment, wholly or in part (DirectLink maintenance)`,
    body: kind === 'capture' ? captureRequestSchema : operationRequestSchema,
    bodyOptional: true,
    responses: {
      200: { description: `the ${kind} is done`, schema: operationResultSchema },
      202: { description: `the platform is processing the ${kind} (outcome pending or unknown)`, schema: operationResultSchema },
    },
    errors: operationErrors,
  })),
  {
    method: 'post',
    path: `${ref}/sync`,
    tag: 'transactions',
    summary: 'Query the platform for this payment now and apply its answer',
    responses: { 200: { description: 'the transaction after the query', schema: syncResultSchema } },
    errors: [404, 501, 502, 503, 504],
  },
  {
    method: 'get',
    path: '/api/customers/{id}/aliases',
    tag: 'aliases',
    summary: "A customer's saved cards, newest first",
    query: aliasListQuery,
    responses: { 200: { description: 'one page of saved cards', schema: aliasPageSchema } },
  },
  {
    method: 'get',
    path: '/api/aliases/{id}',
    tag: 'aliases',
    summary: 'A saved card',
    responses: { 200: { description: 'the saved card', schema: aliasSchema } },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/aliases/{id}',
    tag: 'aliases',
    summary: 'Forget a saved card, at the platform too',
    responses: {
      200: { description: 'deleted at the platform', schema: aliasDeletionSchema },
      202: { description: 'no longer chargeable; deletion at the platform pending', schema: aliasDeletionSchema },
    },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/aliases/{id}/charges',
    tag: 'aliases',
    summary: 'Charge a saved card without the shopper (merchant-initiated)',
    body: createChargeSchema,
    responses: {
      201: { description: 'paid (authorised or captured)', schema: transactionSchema },
      202: { description: 'accepted, outcome pending', schema: transactionSchema },
    },
    errors: [402, 404, 409, 422, 501, 502, 503, 504],
  },
  {
    method: 'get',
    path: '/api/events',
    tag: 'events',
    summary: 'Webhook events, newest first, with their delivery attempts',
    query: eventListQuery,
    responses: { 200: { description: 'one page of events', schema: webhookEventPageSchema } },
  },
  {
    method: 'get',
    path: '/api/events/{id}',
    tag: 'events',
    summary: 'A webhook event',
    responses: { 200: { description: 'the event', schema: webhookEventSchema } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/events/ping',
    tag: 'events',
    summary: 'Send a test event to WEBHOOK_URL now',
    responses: { 200: { description: 'what the endpoint answered', schema: pingResultSchema } },
    errors: [409],
  },
  {
    method: 'post',
    path: '/api/events/{id}/redeliver',
    tag: 'events',
    summary: 'Deliver an event again now (it keeps its id)',
    responses: { 202: { description: 'queued for delivery', schema: webhookEventSchema } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/dashboard/summary',
    tag: 'dashboard',
    summary:
      "Per-day payments, captured and refunded amounts, counts per state, over `days` whole UTC days, of the server's livemode (which `livemode` says)",
    query: summaryQuery,
    responses: { 200: { description: 'the summary', schema: dashboardSummarySchema } },
  },
];
