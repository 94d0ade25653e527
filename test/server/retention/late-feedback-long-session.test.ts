/**
 * Found by review r211. mutate-transaction.ts decideAndPlan drops a late feedback's personal
 * data only when the payment's *session* is redacted, assuming "its session is redacted with it".
 * Since 14ec648 a session is redacted RETENTION_DAYS after it *expired*, while its payment is purged
 * RETENTION_DAYS after the payment was *created*, and later passes walk only payments created since
 * the previous cutoff (minus a day). With a session living a week (expiresIn ≤ 30 days), a feedback
 * arriving between the payment's purge and its session's redaction writes CN, IP and the card holder
 * back onto a payment no later pass walks again: kept past RETENTION_DAYS for good.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const RETENTION = 30;
const quiet = { info() {}, warn() {} };

describe('retention: a late feedback while the payment is purged but its long session is not', () => {
  const clock = manualClock(NOW);
  const store = useTestRepository('sqlite', clock);

  it('never keeps CN / IP / card holder written after the payment was purged', async () => {
    // A 7-day session, paid (captured) at its creation, RETENTION_DAYS + 2 days ago.
    const created = new Date(NOW.getTime() - (RETENTION + 2) * DAY_MS);
    clock.set(created);
    const session = sessionRecord({ createdAt: created.toISOString(), expiresAt: new Date(created.getTime() + 7 * DAY_MS).toISOString() });
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
    const purger = createRetentionPurger({ repository: store.repository, clock, retentionDays: RETENTION, intervalMs: 0, logger: quiet });
    await purger.runOnce();
    assert.equal((await store.repository.getTransaction(t.reference))?.cardHolder, null, 'the payment is past RETENTION_DAYS: purged');

    // A status-change feedback (a refund made in the back office) an hour later, carrying CN and IP.
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
    await purger.runOnce();

    // The hourly passes go on until the session too is past RETENTION_DAYS after its expiry, and a day more.
    const end = Date.parse(session.expiresAt) + (RETENTION + 1) * DAY_MS;
    for (let at = NOW.getTime() + 2 * 3_600_000; at <= end; at += 3_600_000) {
      clock.set(new Date(at));
      await purger.runOnce();
    }
    await purger.close();
    assert.deepEqual((await store.repository.getSession(session.id))?.customer, { id: 'cust-1' }, 'the session is redacted by now');

    const after = await store.repository.getTransaction(t.reference);
    const log = JSON.stringify(await store.repository.listFeedback(t.reference, 10));
    assert.equal(
      after?.cardHolder ?? null,
      null,
      `a payment created ${RETENTION + 2 + (end - NOW.getTime()) / DAY_MS} days ago still holds its card holder: no pass walks it again`,
    );
    assert.ok(!log.includes('203.0.113.7'), `the feedback log keeps the shopper's IP past RETENTION_DAYS for good: ${log}`);
  });
});
