/**
 * `payment.captured` (and refunded / cancelled) has one shape whoever settled it. Its data is the
 * payment as the shared package publishes it (shared/schemas/resources.ts `transactionFieldsSchema`:
 * `operation` the order's RES / SAL), and a settlement by an operation of ours adds that operation
 * as `settledOperation`.
 *
 * Review r1364 found the settled operation written over the payment's `operation`
 * (domain/ledger.ts settlementEvents): a feedback's capture said "SAL", an API capture an object,
 * and a backend validating `event.data` with the shared schema refused every capture, refund and
 * void made through the API (README's handler answers 400: retried 72 hours, then abandoned).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transactionFieldsSchema } from '../../../shared/schemas/resources.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

describe('the data of payment.captured has one shape', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form));

  const capturedData = async (reference: string) => {
    const listed = (await (await app.t.api(`/api/events?reference=${reference}&type=payment.captured`)).json()) as {
      data: Array<{ data: Record<string, unknown> }>;
    };
    assert.equal(listed.data.length, 1, `one payment.captured for ${reference}`);
    return listed.data[0]!.data;
  };

  it('captured by the feedback and captured through the API: both a payment as the shared schema says', async () => {
    // Captured by its feedback (STATUS 9).
    const sold = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(sold, 9, { PAYID }))).status, 200);
    const byFeedback = await capturedData(sold);

    // Authorised by its feedback (STATUS 5), captured through POST /api/transactions/:reference/capture.
    const reserved = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reserved, '5');
    assert.equal((await app.feedback(feedbackFor(reserved, 5, { PAYID }))).status, 200);
    const capture = await app.t.api(`/api/transactions/${reserved}/capture`, { method: 'POST', json: {} });
    assert.ok(capture.status < 300, `capture: ${capture.status} ${await capture.clone().text()}`);
    const byApi = await capturedData(reserved);

    assert.equal(typeof byFeedback.operation, 'string', 'precondition: the feedback’s payment.captured says the order’s operation');
    assert.equal(
      typeof byApi.operation,
      typeof byFeedback.operation,
      `payment.captured data.operation is ${JSON.stringify(byFeedback.operation)} for ${sold} and ${JSON.stringify(byApi.operation)} for ${reserved}`,
    );
    assert.deepEqual(
      byApi.settledOperation && {
        kind: (byApi.settledOperation as { kind: string }).kind,
        amount: (byApi.settledOperation as { amount: number }).amount,
      },
      { kind: 'capture', amount: 1999 },
      'the capture that settled it rides beside the payment',
    );
    assert.equal(byFeedback.settledOperation, undefined, 'a capture by the feedback settled no operation of ours');
    const parsed = transactionFieldsSchema.safeParse(byApi);
    assert.ok(
      parsed.success,
      `the API capture's payment.captured data does not parse with @ogone-checkout/shared/schemas transactionFieldsSchema: ${
        parsed.success ? '' : JSON.stringify(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]))
      }`,
    );
  });
});
