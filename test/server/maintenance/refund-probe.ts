/**
 * What the refund-reversal tests read of one payment and do to it, beside a fake platform's
 * history levels (history-levels.ts, feedback/fake-platform.ts): its money, its refund operations,
 * the merchant API's calls, and 19.99 captured by us on level 1.
 */
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import type { appWithFakePlatform } from '../feedback/fake-platform.ts';
import type { historyLevels } from './history-levels.ts';

export function refundProbe(app: ReturnType<typeof appWithFakePlatform>, reference: () => string) {
  const stored = async () => (await app.t.repository.getTransaction(reference()))!;
  const api = async (path: string, json?: unknown) => {
    const response = await app.t.api(`/api/transactions/${reference()}${path}`, { method: 'POST', ...(json ? { json } : {}) });
    assert.ok(response.status < 300, `${path}: ${response.status} ${await response.clone().text()}`);
  };
  return {
    stored,
    api,
    /** [state, captured, refunded]. */
    money: async () => {
      const t = await stored();
      return [t.state, t.capturedAmount, t.refundedAmount];
    },
    /** [PAYIDSUB, amount, status, STATUS] of each refund operation, in the order they are listed. */
    refunds: async () =>
      (await app.t.repository.listOperations(reference()))
        .filter((op) => op.kind === 'refund')
        .map((op) => [op.payidSub, op.amount, op.status, op.ogoneStatus]),
  };
}

/** A new payment of 19.99, authorised (5), then captured by us (level 1): its reference. */
export async function capturedByUs(
  app: ReturnType<typeof appWithFakePlatform>,
  platform: ReturnType<typeof historyLevels>,
  payId: string,
): Promise<string> {
  const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
  platform.start(reference, '5');
  assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID: payId }))).status, 200);
  const response = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
  assert.ok(response.status < 300, `capture: ${response.status}`);
  return reference;
}
