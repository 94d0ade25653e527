/**
 * A shopper replaying an old "payment processing" redirect must not flag a settled payment for a
 * person. The reconciler only queries payments younger than RECONCILE_MAX_AGE_DAYS; an older one
 * still due (unresolved STATUS or syncNeeded, repository/sync-claims.ts listTooOldForSync) is
 * flagged `needsAttention` with a `payment.needs_attention` webhook. A SAL payment whose redirect
 * said 91 and whose capture then arrived (9) is settled; the shopper holds the genuine, signed
 * redirect URL and may replay it at any time (docs/ogone-protocol.md §5). A month later, that
 * replay must change nothing — flagging it for a query (as an unresolved STATUS the state machine
 * cannot follow) made the next round tell the merchant it needed attention, for good.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { BROWSER_HEADERS, SERVER_HEADERS } from '../../support/headers.ts';

const quiet = { info() {}, warn() {} };
const DAY = 86_400_000;

describe('an old 91 redirect replayed on a captured payment (sqlite)', () => {
  const t = useTestApp('sqlite');

  const post = (params: Record<string, string>) =>
    t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
  const get = (params: Record<string, string>) =>
    t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers: BROWSER_HEADERS });

  it('raises no needs_attention for a payment the platform settled long ago', async () => {
    const start = t.clock.now().getTime();
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    const processing = feedbackFor(reference, 91);
    assert.equal((await get(processing)).status, 303, 'the shopper is sent back with STATUS 91');
    assert.equal((await post(processing)).status, 200);
    assert.equal((await post(feedbackFor(reference, 9))).status, 200, 'the capture is confirmed');
    const captured = await t.repository.getTransaction(reference);
    assert.equal(captured?.state, 'captured', 'precondition');
    assert.equal(captured?.lastStatus, 9, 'precondition');

    // A month later the shopper reopens the redirect from the browser's history.
    t.clock.set(new Date(start + 31 * DAY));
    await get(processing);

    let queried = 0;
    const reconciler = createReconciler({
      repository: t.repository,
      sync: async () => {
        queried++;
      },
      clock: t.clock,
      intervalMs: 300_000,
      afterMs: 900_000,
      logger: quiet,
    });
    t.clock.set(new Date(start + 31 * DAY + 3_600_000));
    await reconciler.runOnce();
    await reconciler.close();

    const stored = await t.repository.getTransaction(reference);
    const events = (await t.repository.listEvents({ limit: 20, reference })).items.map((e) => e.type);
    assert.deepEqual(
      {
        state: stored?.state,
        needsAttention: stored?.needsAttention ?? false,
        needsAttentionEvent: events.includes('payment.needs_attention'),
      },
      { state: 'captured', needsAttention: false, needsAttentionEvent: false },
      `a replayed, stale 91 set syncNeeded (${stored?.syncNeeded}) on a captured payment older than RECONCILE_MAX_AGE_DAYS; ` +
        `the reconciler (queried ${queried}) flagged it for a person: events ${events.join(', ')}`,
    );
  });
});
