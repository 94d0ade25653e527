/**
 * Found by review r204. RETENTION_DAYS is counted per payment ("RETENTION_DAYS after the payment was created",
 * docs/deploy.md §10), but mutate-transaction.ts decideAndPlan decides "this payment was redacted"
 * from its *session* (`read.sessionRow.redacted_at`), which the retention pass redacts by the
 * session's own creation date. A session lives up to 30 days (MAX_SESSION_SECONDS) and
 * RETENTION_DAYS may be 30: an attempt made on day 29.5 of its session and paid on day 30, after
 * the hourly pass, is treated as a year-old redacted payment — its card holder, and the CN / IP of
 * its first feedback (the evidence kept "for good, less its personal data after RETENTION_DAYS"),
 * are thrown away on a payment created hours earlier.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const SESSION_CREATED = new Date('2026-01-01T00:00:00.000Z');
const quiet = { info() {}, warn() {} };

for (const kind of DATABASE_KINDS) {
  describe(`retention counts a payment's age, not its session's, on ${kind}`, () => {
    const clock = manualClock(SESSION_CREATED);
    const store = useTestRepository(kind, clock);

    it('keeps the card holder and feedback CN of a payment created hours ago', async () => {
      const session = sessionRecord({
        createdAt: SESSION_CREATED.toISOString(),
        expiresAt: new Date(SESSION_CREATED.getTime() + 30 * DAY_MS).toISOString(),
      });
      await store.repository.createSession(session);
      // The shopper opens the hosted page on day 29.5 of the 30-day session.
      const attemptAt = new Date(SESSION_CREATED.getTime() + 29.5 * DAY_MS);
      clock.set(attemptAt);
      const t = transactionRecord(session.id, {
        createdAt: attemptAt.toISOString(),
        updatedAt: attemptAt.toISOString(),
        state: 'draft',
        lastStatus: null,
        cardHolder: null,
      });
      await store.repository.createTransaction(t);

      // The hourly pass (RETENTION_DAYS=30) runs just after the session turned 30 days old.
      clock.set(new Date(SESSION_CREATED.getTime() + 30 * DAY_MS + 60_000));
      const purger = createRetentionPurger({ repository: store.repository, clock, retentionDays: 30, intervalMs: 0, logger: quiet });
      await purger.runOnce();

      // Ogone's feedback of the payment, made a few minutes later: authorized, 12 hours after the attempt.
      clock.set(new Date(SESSION_CREATED.getTime() + 30 * DAY_MS + 5 * 60_000));
      await applyFeedback(
        { repository: store.repository },
        {
          reference: t.reference,
          status: 5,
          params: {
            ORDERID: t.reference,
            STATUS: '5',
            AMOUNT: '19.99',
            CURRENCY: 'EUR',
            PAYID: '777',
            CN: 'Bárbara Souza',
            IP: '203.0.113.7',
          },
        },
        'server',
      );
      const paid = await store.repository.getTransaction(t.reference);
      assert.equal(paid?.state, 'authorized');
      const log = JSON.stringify(await store.repository.listFeedback(t.reference, 10));
      assert.equal(
        paid?.cardHolder,
        'Bárbara Souza',
        `a payment created ${((Date.parse(clock.now().toISOString()) - attemptAt.getTime()) / 3_600_000).toFixed(1)} h ago lost its card holder: RETENTION_DAYS=30 was applied from its session's creation`,
      );
      assert.ok(log.includes('203.0.113.7'), `the feedback log of a payment hours old dropped IP/CN: ${log}`);

      // RETENTION_DAYS after the payment, the payment loses its personal data; the session keeps
      // its customer until RETENTION_DAYS after it expired, when no payment of it can be newer.
      clock.set(new Date(attemptAt.getTime() + 30 * DAY_MS + 3_600_000));
      await purger.runOnce();
      assert.equal((await store.repository.getTransaction(t.reference))?.cardHolder, null);
      assert.ok(!JSON.stringify(await store.repository.listFeedback(t.reference, 10)).includes('203.0.113.7'));
      // The session, walked again from further back: created before the last passes' window.
      clock.set(new Date(Date.parse(session.expiresAt) + 30 * DAY_MS + 3_600_000));
      await purger.runOnce();
      await purger.close();
      assert.deepEqual(
        (await store.repository.getSession(session.id))?.customer,
        { id: 'cust-1' },
        'the session is redacted once its payments are old',
      );
    });
  });
}
