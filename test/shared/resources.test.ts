/**
 * The response schemas (shared/schemas/resources.ts) against the views that build the answers
 * (server/payments/views.ts): at the type level — every field a view writes is in its schema with
 * a type the schema accepts, and no field is missing — and at run time, on records a test builds.
 * The OpenAPI test (test/server/api-docs/) checks the same over HTTP; this one fails first, at
 * `npm run typecheck`, when a view changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import type { ApiError } from '../../shared/schemas/api.ts';
import {
  aliasSchema,
  apiErrorSchema,
  buttonSchema,
  checkoutSessionSchema,
  transactionDetailSchema,
  transactionSchema,
  webhookEventSchema,
} from '../../shared/schemas/resources.ts';
import { aliasView, buttonView, eventView, sessionView, transactionDetailView, transactionView } from '../../server/payments/views.ts';
import { sessionRecord, transactionRecord } from '../support/records.ts';

type Live<T> = T & { livemode: boolean };
/** `View` fits `Schema` field for field, with no field the schema does not name. */
type Fits<View, Schema> = [View] extends [Schema] ? ([Exclude<keyof View, keyof Schema>] extends [never] ? true : false) : false;
const fits = <T extends true>(value: T) => value;

fits<Fits<Live<ReturnType<typeof transactionView>>, z.infer<typeof transactionSchema>>>(true);
fits<Fits<Live<ReturnType<typeof transactionDetailView>>, z.infer<typeof transactionDetailSchema>>>(true);
fits<Fits<Live<ReturnType<typeof sessionView>>, z.infer<typeof checkoutSessionSchema>>>(true);
fits<Fits<Live<ReturnType<typeof buttonView>>, z.infer<typeof buttonSchema>>>(true);
fits<Fits<Live<ReturnType<typeof aliasView>>, z.infer<typeof aliasSchema>>>(true);
fits<Fits<Live<ReturnType<typeof eventView>>, z.infer<typeof webhookEventSchema>>>(true);
// The error body: the interface the server and the widget use, and the schema, are one shape.
fits<Fits<ApiError, z.infer<typeof apiErrorSchema>>>(true);
fits<Fits<z.infer<typeof apiErrorSchema>, ApiError>>(true);

test('views of records parse with their schemas, unknown fields refused', () => {
  const now = new Date('2025-06-01T09:00:00.000Z');
  const session = sessionRecord({ customer: { id: 'cust-1', email: 'a@example.com' }, metadata: { cart: 'c-1' } });
  const payment = transactionRecord(session.id, { state: 'captured', lastStatus: 9, capturedAmount: session.amount });
  const live = <T extends object>(value: T) => ({ ...value, livemode: false });
  assert.doesNotThrow(() => transactionSchema.strict().parse(live(transactionView(payment, session))));
  assert.doesNotThrow(() => checkoutSessionSchema.strict().parse(live(sessionView(session, [payment], now))));
  assert.doesNotThrow(() =>
    transactionDetailSchema.parse(
      live(
        transactionDetailView({
          transaction: payment,
          session,
          operations: [],
          feedback: [],
          feedbackTruncated: false,
          events: [],
          eventsTruncated: false,
        }),
      ),
    ),
  );
  const extra = transactionSchema.strict().safeParse({ ...live(transactionView(payment, session)), surprise: 1 });
  assert.equal(extra.success, false, 'a field the schema does not name is caught');
});
