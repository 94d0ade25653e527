/**
 * Found by review r1640 (2026-12-07), now fixed.
 * The fix: the store reads personal data as removed when the payment's own feedback rows are
 * redacted (their redacted_at, which the purge now sets before it clears the card holder), not only
 * its session, in both the decision (SeenFeedback.personalDataRemoved) and the redacted-write gate
 * (repository/mutate-transaction.ts personalDataRemoved). No migration.
 *
 * Review r1640: the fix of r1505 (a replay after RETENTION_DAYS fills no card holder) reads the
 * removal from the session alone, and the retention pass removes a payment's card holder before
 * its session is redacted.
 *
 * What is wrong: server/repository/mutate-transaction.ts `decideAndPlan` tells the decision
 * `personalDataRemoved` (and keeps personal fields out of the write) only when the payment's
 * SESSION has `redacted_at`. server/repository/personal-data.ts `purgePersonalData` clears a
 * payment's `card_holder` once the PAYMENT was created before the cutoff, but redacts its session
 * only once the session EXPIRED before the cutoff — for the API's default day-long session, up to
 * a day later (30 days for a long one). In between, server/feedback/decide.ts `missingDetails`
 * reads the purged name as missing: a replayed copy of the capture's feedback writes the card
 * holder's name back into the payment and is logged as a feedback that `applied`.
 *
 * Why it matters: README "RETENTION_DAYS": the card holder's name of payments created longer ago
 * is removed — here it is stored again, by a request anyone holding the redirect URL can replay,
 * and no later payments' walk reaches the payment again until its session is redacted.
 * docs/ogone-protocol.md §5 "The other caller's copy": a copy changes nothing and is counted on
 * the applied row, never a row of its own — the chargeback evidence (docs/deploy.md §10) shows a
 * second capture "applied" a year after the payment. The very defect r1505 fixed, one day earlier.
 *
 * Expectation: after the pass, the replayed copy changes nothing: the card holder stays removed,
 * it is counted on the applied row, and no `applied` row of its own is logged.
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
  describe(`r1640: a copy replayed after RETENTION_DAYS removed the card holder, its session not yet redacted, on ${kind}`, () => {
    const clock = manualClock(NOW);
    const store = useTestRepository(kind, clock);

    it('changes nothing and is counted on the applied row, not logged as applied', async () => {
      // Created just past RETENTION_DAYS (400) ago: the payment is purged; its session, of the API's
      // default day, expired less than 400 days ago, so it is not redacted yet (personal-data.ts).
      const created = new Date(NOW.getTime() - 400 * DAY_MS - 3_600_000);
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
      assert.equal(
        (await store.repository.getTransaction(t.reference))?.cardHolder,
        null,
        'precondition: the pass removed the card holder',
      );

      // An hour later, the shopper's browser replays the redirect it was given (history, a restored tab).
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
