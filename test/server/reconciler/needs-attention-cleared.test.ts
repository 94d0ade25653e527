/**
 * `needsAttention` (docs/ogone-protocol.md §9; README metrics: `ogone_checkout_payments_needing_attention`,
 * "alert when above 0") is set by the reconciler when a payment is still unresolved past
 * RECONCILE_MAX_AGE_DAYS. Once the platform's late feedback settles the payment (STATUS 9), it no
 * longer needs a person: nothing cleared the flag, so the dashboard still said "check it in Ogone's
 * back office" and the gauge stayed above 0 for good.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;
const quiet = { info() {}, warn() {} };

for (const kind of DATABASE_KINDS) {
  describe(`needsAttention after the payment settles, on ${kind}`, () => {
    const clock = manualClock(NOW);
    const store = useTestRepository(kind, clock);

    it('a flagged payment settled by a late feedback no longer counts as needing attention', async () => {
      const created = new Date(NOW.getTime() - 31 * DAY).toISOString();
      const session = sessionRecord({ createdAt: created });
      await store.repository.createSession(session);
      const t = transactionRecord(session.id, {
        createdAt: created,
        updatedAt: created,
        state: 'pending',
        lastStatus: 91,
        payid: '3000124',
      });
      await store.repository.createTransaction(t);

      const reconciler = createReconciler({
        repository: store.repository,
        clock,
        intervalMs: 0,
        afterMs: 0,
        maxAgeMs: 30 * DAY,
        logger: quiet,
        sync: async () => {},
      });
      await reconciler.runOnce();
      await reconciler.close();
      assert.equal((await store.repository.getTransaction(t.reference))?.needsAttention, true, 'precondition: flagged');
      assert.equal(await store.repository.countNeedingAttention(), 1, 'precondition: the gauge counts it');

      // The platform's capture finally comes through.
      clock.advance(3_600_000);
      await applyFeedback(
        { repository: store.repository },
        {
          reference: t.reference,
          status: 9,
          params: { ORDERID: t.reference, STATUS: '9', AMOUNT: '19.99', CURRENCY: 'EUR', PAYID: '3000124' },
        },
        'server',
      );
      const after = await store.repository.getTransaction(t.reference);
      assert.equal(after?.state, 'captured', 'precondition: settled');
      assert.deepEqual(
        { needsAttention: after?.needsAttention, gauge: await store.repository.countNeedingAttention() },
        { needsAttention: false, gauge: 0 },
        'a captured payment still flagged "needs attention" and counted by the alerting gauge',
      );
    });
  });
}
