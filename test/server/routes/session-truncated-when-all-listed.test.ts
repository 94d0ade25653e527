/**
 * Found by review r1598 (2026-12-07), now fixed.
 *
 * What is wrong: server/repository/transactions.ts `listSessionTransactions` answers
 * `truncated: true` whenever the session has more than `limit` (100) payments. It says so even when
 * the second query (the older payments a status reads) brings back every payment past the newest
 * 100. GET /api/checkout-sessions/:id (server/routes/merchant/sessions.ts) passes that on as
 * `transactionsTruncated`. The OpenAPI document (shared/schemas/resources.ts checkoutSessionSchema)
 * defines the field as "the session has other payments than those listed: attempts left unpaid".
 *
 * Why it matters: a session with 101 attempts whose oldest payment is pending (the case review
 * r1487 fixed) lists all 101 payments but still says `transactionsTruncated: true`. The merchant's
 * backend, told the list is incomplete, goes looking for payments that do not exist (paging
 * GET /api/transactions?session=…) or reports the session to an operator as partly read. The field
 * contradicts the list it sits beside.
 *
 * Expectation: when the session's view lists every payment the session has, transactionsTruncated
 * is false.
 *
 * The fix: repository/transactions.ts listSessionTransactions says truncated only when an older
 * attempt left unpaid exists, or more of the others than it lists.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp, postServerFeedback } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import type { AttemptResult } from '../../../shared/schemas/api.ts';

describe('r1595: transactionsTruncated when every payment of the session is listed', () => {
  const t = useTestApp('sqlite');

  const attempt = async (sessionId: string): Promise<string> => {
    const response = await t.app.request(`/checkout/sessions/${sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveCard: false }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>).reference;
  };

  it('101 attempts, the oldest pending: all 101 listed, and not said to be truncated', async () => {
    const created = await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', expiresIn: 3600 } });
    const session = (await created.json()) as { id: string };
    const first = await attempt(session.id);
    t.clock.advance(1000);
    for (let i = 0; i < 100; i++) await attempt(session.id);
    assert.equal((await postServerFeedback(t, feedbackFor(first, 51))).status, 200);

    const all = await t.repository.listTransactions({ sessionId: session.id, limit: 200 });
    const view = (await (await t.api(`/api/checkout-sessions/${session.id}`)).json()) as {
      transactions: Array<{ reference: string }>;
      transactionsTruncated: boolean;
    };
    const listed = new Set(view.transactions.map((tx) => tx.reference));
    const missing = all.items.filter((tx) => !listed.has(tx.reference)).length;
    assert.equal(missing, 0, `precondition: every one of the session's ${all.items.length} payments is listed`);
    assert.equal(
      view.transactionsTruncated,
      false,
      `the session lists all ${view.transactions.length} of its ${all.items.length} payments and says transactionsTruncated: true ("the session has other payments than those listed")`,
    );
  });
});
