/**
 * a session past its expiry whose hosted-page attempt a query read refused (2) reads
 * `expired` to the merchant, while the server itself keeps asking the platform because the
 * shopper may still pay that attempt with the next try — and then does: the session turns `paid`.
 *
 * Found by review r1414, now fixed (payments/views.ts sessionStatus: a try the page may still take). What was wrong: server/payments/views.ts sessionStatus keeps a session `processing` past its
 * expiry only for a `pending` payment or a `draft` attempt within payableUntil (reviews r1395,
 * r1401). An attempt refused on the page (`declined`, last STATUS 2 read by a query; equally
 * `error` 0 and `cancelled` 1: shared/status.ts mayBePaidByAnotherTry) is, by the server's own
 * rules, still payable there: docs/ogone-protocol.md §9 "Another try on the page" — a 2 read by a
 * query while the page may still be paid leaves the payment `declined` but still asked about
 * (`syncNeeded`) until that time; §6 "Retries on the page": `declined` is not final, a later 5 or
 * 9 of the same order still applies. README, GET /api/checkout-sessions/:id: `processing` "past
 * the expiry too, as long as an attempt may still be paid on Ogone's page". The harm is the one
 * r1395/r1401 fixed for pending and draft: a merchant releasing the stock / cancelling the order
 * on `expired` cancels the order whose money the platform takes minutes later.
 *
 * Steps: session expiresIn 600; 9 minutes later a hosted-page attempt; 2 minutes later (past the
 * expiry, well within the hour the page may be paid) POST /api/transactions/:ref/sync, the
 * platform answering by ORDERID the order's newest try refused (STATUS 2); GET
 * /api/checkout-sessions/:id; then the next try's 9 by feedback.
 * Expected: the session is not `expired` while the refused attempt is still asked about (it is
 * `processing`), and then `paid`. Actual: `expired`, then `paid`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { postServerFeedback } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

describe('a session past its expiry whose attempt a query read refused, the page still payable', () => {
  const app = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    const orderID = form.ORDERID ?? '';
    if (form.PAYIDSUB !== undefined || !orderID)
      return platformAnswer({ orderID, PAYID: form.PAYID ?? '0', NCSTATUS: '5', NCERROR: '50001131', STATUS: '88', amount: '' });
    // By ORDERID: the order's newest try, refused — the shopper is still on the page.
    return platformAnswer({
      orderID,
      PAYID: '3019402',
      PAYIDSUB: '0',
      NCSTATUS: '3',
      NCERROR: '30001001',
      STATUS: '2',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });

  it('does not read expired while the refused attempt may still be paid', async () => {
    const t = app.t;
    const clock = t.clock as unknown as { advance(ms: number): void };
    const created = (await (
      await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', expiresIn: 600 } })
    ).json()) as { id: string };
    clock.advance(540_000);
    const attempt = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(attempt.status, 201);
    const { reference } = (await attempt.json()) as Extract<AttemptResult, { kind: 'redirect' }>;

    clock.advance(120_000);
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, await sync.text());
    const stored = (await t.repository.getTransaction(reference))!;
    assert.deepEqual(
      [stored.state, stored.lastStatus, stored.syncNeeded],
      ['declined', 2, true],
      'precondition: refused by the query, and still to be asked about (the page may still be paid)',
    );
    const merchant = (await (await t.api(`/api/checkout-sessions/${created.id}`)).json()) as { status: string };

    // The shopper's next try on the page is accepted.
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9, { PAYID: '3019403' }))).status, 200);
    const after = (await (await t.api(`/api/checkout-sessions/${created.id}`)).json()) as { status: string };
    assert.equal(after.status, 'paid', 'precondition: the next try paid the session');

    assert.notEqual(
      merchant.status,
      'expired',
      'the merchant read "expired" while the server still asked about the attempt (syncNeeded) — and the shopper paid it next',
    );
  });
});
