/**
 * a customer-cancelled payment whose sync reads a later try refused (2) is never asked
 * about again, while the shopper may still pay the order with the next try.
 *
 * Found by review r1393, now fixed (payments/hosted-page-tries.ts awaitsAnotherTry). What was wrong: docs/ogone-protocol.md §9 "Another try on the page": "a 2 read by a query while
 * the page may still be paid ... leaves the payment `declined` but still asked about
 * (`syncNeeded`), spaced out ..., until that time", because "the shopper may pay the order with the
 * next try, and its feedback may be lost" (feedback/apply-answer.ts). After a customer's cancel (1)
 * the same holds by the docs' own rules: §6 "Retries on the page" says a `cancelled` by 1 is where
 * a refused one is and a later 5 or 9 still applies, and §9 has a sync ask such a payment by ORDERID
 * (review r1383), whose answer is the order's newest try. When that answer is a later try's 2, the
 * payment stays `cancelled` (nextState: declined is not "reachable" from it) with last STATUS 2,
 * and payments/hosted-page-tries.ts awaitsAnotherTry — which only looks at `declined` + 2 and
 * `error` + 0 — does not keep it asked about. The reconciler never queries it again.
 *
 * Why it matters: the query just proved the shopper is still trying on the page. Their next try is
 * accepted (9), its feedback lost (the reason these queries exist, review r930): the platform holds
 * the money while the ledger, the API and the webhooks say `cancelled`, and nobody is told. The
 * same order refused without the cancel before it (control below) is asked again and found paid.
 *
 * Expected: like the control (a try on the page read refused by the same kind of sync), the
 * cancelled payment whose sync read a later try's 2 is asked about again by the reconciler while
 * the page may still be paid.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const quiet = { info() {}, warn() {} };
const MINUTE = 60_000;

describe('a sync reading a later try refused after a customer cancel', () => {
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

  it('is asked about again while the page may still be paid, as a refused try is', async () => {
    const t = app.t;
    const start = t.clock.now().getTime();
    // Control: a try on the page (3-D Secure open, 46), then the merchant's sync reads a refused try.
    const refused = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(refused, 46, { PAYID: '3019400', ACCEPTANCE: '' }))).status, 200);
    // The case: the customer cancelled a try (1), then the merchant's sync reads a later try refused.
    const cancelled = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(cancelled, 1, { PAYID: '3019401', ACCEPTANCE: '' }))).status, 200);
    for (const reference of [refused, cancelled]) {
      const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.text());
    }
    const [a, b] = [await t.repository.getTransaction(refused), await t.repository.getTransaction(cancelled)];
    assert.deepEqual(
      [a?.state, a?.lastStatus, b?.state, b?.lastStatus],
      ['declined', 2, 'cancelled', 2],
      'precondition: both syncs read the order refused by a later try',
    );

    // 25 minutes on: the page may still be paid (an hour from the attempt at least, HOSTED_PAGE_PAYABLE_MS).
    t.clock.set(new Date(start + 25 * MINUTE));
    const asked: string[] = [];
    const reconciler = createReconciler({
      repository: t.repository,
      sync: async (reference) => {
        asked.push(reference);
      },
      clock: t.clock,
      intervalMs: 300_000,
      afterMs: MINUTE,
      logger: quiet,
    });
    await reconciler.runOnce();
    await reconciler.close();
    assert.deepEqual(
      { controlAsked: asked.includes(refused), cancelledAsked: asked.includes(cancelled) },
      { controlAsked: true, cancelledAsked: true },
      `a cancelled-on-the-page payment whose sync read a later try refused must stay asked about like a refused one ` +
        `(syncNeeded ${String(b?.syncNeeded)}; the reconciler asked ${asked.join(', ') || 'nothing'})`,
    );
  });
});
