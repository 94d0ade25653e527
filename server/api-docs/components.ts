/**
 * The named schemas of the OpenAPI document (`components.schemas`): each request body and
 * response a path answers with, by the name a code generator gives its type. A path whose schema
 * is one of these refers to it (`$ref`), and so does any schema containing one, so `Transaction`
 * is written once however many answers hold it. Requests are read as the route reads them
 * (`io: 'input'`: a default makes a field optional), responses as the server writes them.
 */
import { z } from 'zod';
import { createButtonSchema, createCheckoutSessionSchema } from '../../shared/schemas/api.ts';
import { captureRequestSchema, createChargeSchema, operationRequestSchema } from '../../shared/schemas/requests.ts';
import {
  aliasDeletionSchema,
  aliasPageSchema,
  aliasSchema,
  apiErrorSchema,
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
import { createSetupSessionSchema } from '../../shared/schemas/setup-session.ts';

/** `POST /api/checkout-sessions`: a payment, or with `mode: "setup"` a card saved without paying. */
export const createSessionRequestSchema = z.union([createCheckoutSessionSchema, createSetupSessionSchema]);

export const RESPONSE_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Error: apiErrorSchema,
  CheckoutSession: checkoutSessionSchema,
  Button: buttonSchema,
  ButtonPage: buttonPageSchema,
  ButtonDeleted: buttonDeletedSchema,
  Transaction: transactionSchema,
  TransactionPage: transactionPageSchema,
  TransactionDetail: transactionDetailSchema,
  OperationResult: operationResultSchema,
  SyncResult: syncResultSchema,
  Alias: aliasSchema,
  AliasPage: aliasPageSchema,
  AliasDeletion: aliasDeletionSchema,
  WebhookEvent: webhookEventSchema,
  WebhookEventPage: webhookEventPageSchema,
  PingResult: pingResultSchema,
  DashboardSummary: dashboardSummarySchema,
};

export const REQUEST_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  CreateSessionRequest: createSessionRequestSchema,
  CreateCheckoutSession: createCheckoutSessionSchema,
  CreateSetupSession: createSetupSessionSchema,
  CreateButton: createButtonSchema,
  CreateCharge: createChargeSchema,
  OperationRequest: operationRequestSchema,
  CaptureRequest: captureRequestSchema,
};
