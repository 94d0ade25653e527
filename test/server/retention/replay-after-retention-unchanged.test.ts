/**
 * Found by review r1505 (2026-12-07), now fixed.
 *
 * Review r1505 — a replayed feedback after RETENTION_DAYS is logged as `applied` although it
 * changed nothing.
 *
 * What is wrong: server/feedback/decide.ts `decideFeedback` → `missingDetails` fills "the details
 * the payment lacks" from a feedback of the payment's own order and card. Once the retention pass
 * (server/retention/purger.ts → repository/personal-data.ts) has removed the card holder's name,
 * the payment "lacks" it, so every later copy of its original feedback (the shopper's browser
 * replaying the redirect, the platform retrying its post-sale request) is decided as a patch
 * `{ cardHolder }` — outcome `applied`. repository/mutate-transaction.ts then drops the name
 * (the session is redacted), so nothing changes at all, but the feedback log records the copy as
 * a feedback that applied: the browser's copy of the server's applied feedback is no longer
 * counted on the applied row (copy_count) as docs/ogone-protocol.md §5 "The other caller's copy"
 * and docs/deploy.md §10 promise ("never a row of its own: counted on the applied row";
 * "A replay of a folded copy changes nothing and is counted on the applied row"), but logged as
 * a new row with outcome `applied`.
 *
 * Why it matters: the feedback log is the payment's evidence (docs/deploy.md §10: the applied
 * feedback is what disputes and chargebacks are answered with, up to 540 days). A year on, the
 * operator's page shows two feedbacks that "applied" the capture — one at a time nothing was
 * applied — and the copy count the dashboard shows is wrong.
 *
 * Expectation: after the pass, the browser's copy of the applied server feedback changes nothing,
 * is counted on the applied row (copy count + 1), and adds no `applied` row of its own; the
 * payment's card holder stays removed.
 *
 * The fix: the store tells the decision that RETENTION_DAYS removed the payment's personal data
 * (SeenFeedback personalDataRemoved), and feedback/decide.ts missingDetails then fills no card
 * holder: the replay changes nothing and is counted on the applied row.
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
  describe(`r1505: a copy replayed after RETENTION_DAYS on ${kind}`, () => {
    const clock = manualClock(NOW);
    const store = useTestRepository(kind, clock);

    it('changes nothing and is counted on the applied row, not logged as applied', async () => {
      const created = new Date(NOW.getTime() - 500 * DAY_MS);
      clock.set(created);
      const session = sessionRecord({ createdAt: created.toISOString() });
      await store.repository.createSession(session);
      const t = transactionRecord(session.id, { createdAt: created.toISOString(), updatedAt: created.toISOString() });
      await store.repository.createTransaction(t);
      const params = {
        ORDERID: t.reference,
        STATUS: '9',
        AMOUNT: '19.99',
        CURRENCY: 'EUR',
        PAYID: '3001234',
        ACCEPTANCE: 'test123',
        PM: 'CreditCard',
        BRAND: 'VISA',
        CARDNO: 'XXXXXXXXXXXX1111',
        ED: '1230',
        CN: 'Bárbara Souza',
        IP: '203.0.113.7',
      };
      // Ogone's server-to-server feedback captures it; the browser brings back the same a second later.
      clock.set(new Date(created.getTime() + 60_000));
      await applyFeedback({ repository: store.repository }, { reference: t.reference, status: 9, params }, 'server');
      clock.set(new Date(created.getTime() + 61_000));
      await applyFeedback({ repository: store.repository }, { reference: t.reference, status: 9, params }, 'browser');
      const before = await store.repository.listFeedback(t.reference, 10);
      assert.deepEqual(
        before.map((row) => `${row.channel}:${row.outcome}`),
        ['server:applied'],
        'before the pass: the copy is counted on the applied row',
      );
      assert.equal(before[0]!.copy?.count, 1);

      clock.set(NOW);
      const purger = createRetentionPurger({ repository: store.repository, clock, retentionDays: 400, intervalMs: 0, logger: quiet });
      await purger.runOnce();
      await purger.close();
      assert.equal((await store.repository.getTransaction(t.reference))?.cardHolder, null, 'the pass removed the card holder');

      // A year on, the shopper's browser replays the redirect it was given.
      clock.set(new Date(NOW.getTime() + 3_600_000));
      const replay = await applyFeedback({ repository: store.repository }, { reference: t.reference, status: 9, params }, 'browser');
      assert.equal((await store.repository.getTransaction(t.reference))?.cardHolder, null, 'the card holder stays removed');

      const rows = await store.repository.listFeedback(t.reference, 10);
      assert.deepEqual(
        rows.map((row) => `${row.channel}:${row.outcome}`),
        ['server:applied'],
        `the replayed copy changed nothing, yet the log now reads ${JSON.stringify(rows.map((r) => `${r.channel}:${r.outcome}@${r.receivedAt}`))}`,
      );
      assert.equal(rows[0]!.copy?.count, 2, 'the replayed copy is counted on the applied row');
      assert.equal(replay?.result.outcome, 'unchanged', 'the replay is answered as changing nothing');
    });
  });
}
