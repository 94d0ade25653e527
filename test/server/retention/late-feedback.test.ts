/**
 * A feedback that arrives for a payment whose personal data RETENTION_DAYS already removed (a
 * refund made in Ogone's back office, a year on) writes none of it back: after its first walk, the
 * retention pass only walks the payments that aged since the previous one, so what such a
 * feedback wrote would stay for good (repository/mutate-transaction.ts, decideAndPlan).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const quiet = { info() {}, warn() {} };

for (const kind of DATABASE_KINDS) {
  describe(`retention vs a late feedback on ${kind}`, () => {
    const clock = manualClock(NOW);
    const store = useTestRepository(kind, clock);

    it('a late feedback on a redacted payment is applied without writing the card holder, e-mail or IP back', async () => {
      const created = new Date(NOW.getTime() - 500 * DAY_MS);
      clock.set(created);
      const session = sessionRecord({ createdAt: created.toISOString() });
      await store.repository.createSession(session);
      const t = transactionRecord(session.id, {
        createdAt: created.toISOString(),
        updatedAt: created.toISOString(),
        state: 'captured',
        capturedAmount: 1999,
        lastStatus: 9,
        cardHolder: 'Bárbara Souza',
      });
      await store.repository.createTransaction(t);
      clock.set(NOW);

      const purger = createRetentionPurger({ repository: store.repository, clock, retentionDays: 400, intervalMs: 0, logger: quiet });
      await purger.runOnce();
      assert.equal((await store.repository.getTransaction(t.reference))?.cardHolder, null, 'first pass redacts');

      // Ogone's status-change feedback for a refund made in its back office, 1 h later.
      clock.set(new Date(NOW.getTime() + 3_600_000));
      await applyFeedback(
        { repository: store.repository },
        {
          reference: t.reference,
          status: 8,
          params: {
            ORDERID: t.reference,
            STATUS: '8',
            AMOUNT: '19.99',
            CURRENCY: 'EUR',
            PAYID: '123',
            CN: 'Bárbara Souza',
            IP: '203.0.113.7',
          },
        },
        'server',
      );
      const refunded = await store.repository.getTransaction(t.reference);
      assert.equal(refunded?.cardHolder, null, 'the card holder is not written back');
      const events = await store.repository.listEvents({ limit: 10, reference: t.reference });
      assert.ok(!JSON.stringify(events.items).includes('Bárbara'), JSON.stringify(events.items));

      // Hourly passes for the next 10 days: none of them looks at this payment again.
      for (let h = 2; h <= 24 * 10; h += 1) {
        clock.set(new Date(NOW.getTime() + h * 3_600_000));
        await purger.runOnce();
      }
      const after = await store.repository.getTransaction(t.reference);
      const log = await store.repository.listFeedback(t.reference, 10);
      const logJson = JSON.stringify(log);
      assert.equal(after?.cardHolder, null, `card holder still stored 10 days later: ${after?.cardHolder}`);
      assert.ok(!logJson.includes('203.0.113.7') && !logJson.includes('Bárbara'), `personal data in the feedback log: ${logJson}`);
      assert.ok(logJson.includes('"STATUS":"8"'), `the feedback is logged: ${logJson}`);
      await purger.close();
    });
  });
}
