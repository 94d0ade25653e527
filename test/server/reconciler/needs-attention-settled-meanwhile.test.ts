/**
 * The reconciler's maximum age (docs/ogone-protocol.md §9): a payment older than
 * RECONCILE_MAX_AGE_DAYS and *still unresolved* is flagged `needsAttention` with one
 * `payment.needs_attention` event. The round lists the too-old payments first (outside any lock),
 * then flags each in its own transaction (reconciler/attention.ts), which checked only
 * `needsAttention` again, not that the payment was still unresolved. A feedback settling the
 * payment between the list and the flag (a late STATUS 9 for a 91 — what an old unresolved payment
 * waits for; on another instance, or earlier in the round) got a captured payment flagged for a
 * person and announced as still unresolved.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;
const quiet = { info() {}, warn() {} };

for (const kind of DATABASE_KINDS) {
  describe(`needs_attention for a payment settled meanwhile, on ${kind}`, () => {
    const clock = manualClock(NOW);
    const store = useTestRepository(kind, clock);

    it('a payment captured between the too-old list and its flag is not flagged', async () => {
      const created = new Date(NOW.getTime() - 31 * DAY).toISOString();
      const session = sessionRecord({ createdAt: created });
      await store.repository.createSession(session);
      const t = transactionRecord(session.id, {
        createdAt: created,
        updatedAt: created,
        state: 'pending',
        lastStatus: 91,
        payid: '3000123',
      });
      await store.repository.createTransaction(t);

      // The platform's late STATUS 9 arrives (another instance's feedback route) just after the
      // round read its list of too-old payments.
      const repository = new Proxy(store.repository, {
        get(target, name, receiver) {
          if (name === 'listTooOldForSync') {
            return async (...args: Parameters<Repository['listTooOldForSync']>) => {
              const references = await target.listTooOldForSync(...args);
              await applyFeedback(
                { repository: target },
                {
                  reference: t.reference,
                  status: 9,
                  params: { ORDERID: t.reference, STATUS: '9', AMOUNT: '19.99', CURRENCY: 'EUR', PAYID: '3000123' },
                },
                'server',
              );
              return references;
            };
          }
          const value = Reflect.get(target, name, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }) as Repository;

      const synced: string[] = [];
      const reconciler = createReconciler({
        repository,
        clock,
        intervalMs: 0,
        afterMs: 0,
        maxAgeMs: 30 * DAY,
        logger: quiet,
        sync: async (reference) => {
          synced.push(reference);
        },
      });
      await reconciler.runOnce();
      await reconciler.close();

      const after = await store.repository.getTransaction(t.reference);
      const events = (await store.repository.listEvents({ limit: 20, reference: t.reference })).items.map((e) => e.type);
      assert.equal(after?.state, 'captured', 'precondition: the feedback captured it');
      assert.deepEqual(
        { needsAttention: after?.needsAttention ?? false, needsAttentionEvent: events.includes('payment.needs_attention') },
        { needsAttention: false, needsAttentionEvent: false },
        `a captured payment was flagged "still unresolved at the platform"; events: ${events.join(', ')}`,
      );
    });
  });
}
