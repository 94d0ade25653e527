/**
 * A currency in a merchant's request: an ISO 4217 alphabetic code we know the exponent of
 * (shared/money.ts). The pattern is written out besides the check, so the OpenAPI document, made
 * from these schemas, declares "eur" or "EURO" invalid as the server does (review r1566).
 */
import { z } from 'zod';
import { isCurrency } from '../money.ts';

const MESSAGE = 'currency must be an ISO 4217 code such as EUR';

export const currencyCodeSchema = z
  .string({ error: 'currency is required' })
  .regex(/^[A-Z]{3}$/, { error: MESSAGE })
  .refine(isCurrency, { error: MESSAGE });
