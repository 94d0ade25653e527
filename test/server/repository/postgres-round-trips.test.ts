/**
 * Issue 17 on PostgreSQL: a payment's change is two round trips (lock and reads, then the writes
 * with the COMMIT), new payments signed in one event-loop turn are one INSERT — and the guarantees
 * stay: one state change under concurrency from two connection pools (two processes' worth), an
 * exact repeat counted once on its log row, a failing row of a batch failing alone.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { openDatabase } from '../../../server/db/connect.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import type { TransactionRecord } from '../../../server/repository/types.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { statementsSent } from '../../support/pg-statements.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const FEEDBACK_PARAMS = { orderID: 'x', STATUS: '9', PAYID: '3000001', AMOUNT: '19.99', CURRENCY: 'EUR', CN: "Zoë O'Neil \\ $1" };

/** A feedback-shaped decision: the first capture changes the state and marks the session paid; repeats only log. */
function captureOnce(current: TransactionRecord) {
  const first = current.state === 'draft';
  return {
    ...(first ? { patch: { state: 'captured' as const, capturedAmount: current.amount, lastStatus: 9 }, markSessionPaid: true } : {}),
    events: first ? [{ type: 'payment.captured', reference: current.reference, data: { reference: current.reference } }] : [],
    feedback: {
      channel: 'server' as const,
      status: 9,
      outcome: first ? ('applied' as const) : ('unchanged' as const),
      params: FEEDBACK_PARAMS,
    },
    result: first ? 'applied' : 'unchanged',
  };
}

describe('round trips on postgres', () => {
  const clock = manualClock(new Date('2026-11-23T10:00:00.000Z'));

  const store = useTestRepository('postgres', clock);

  async function draft(): Promise<TransactionRecord> {
    const session = sessionRecord();
    await store.repository.createSession(session);
    const transaction = transactionRecord(session.id, { state: 'draft' });
    await store.repository.createTransaction(transaction);
    return transaction;
  }

  it('a feedback is two round trips, BEGIN with the lock and reads, the writes with COMMIT', async () => {
    const t = await draft();
    const first = await statementsSent(() => store.repository.mutateTransaction(t.reference, captureOnce));
    assert.equal(first.result?.result, 'applied');
    assert.equal(first.texts.length, 2, first.texts.join('\n'));
    assert.match(first.texts[0]!, /^begin; select .* for update; select /s);
    assert.match(first.texts[1]!, /^with .*; commit$/s);
    assert.equal(first.result?.after.state, 'captured');

    const repeat = await statementsSent(() => store.repository.mutateTransaction(t.reference, captureOnce));
    assert.equal(repeat.result?.result, 'unchanged');
    assert.equal(repeat.texts.length, 2);
    const [log] = await store.repository.listFeedback(t.reference, 10);
    assert.equal(log?.repeatCount, 1, 'the exact repeat counted on the first row');
    assert.equal(log?.params.CN, FEEDBACK_PARAMS.CN, 'quotes, backslashes and $1 stored as sent');
    assert.equal((await store.repository.getSession(t.sessionId))?.status, 'paid');

    const missing = await statementsSent(() => store.repository.mutateTransaction('OC-NOT-THERE', captureOnce));
    assert.equal(missing.result, undefined);
    assert.equal(missing.texts.length, 2);
  });

  it('one state change when two pools race on one payment, nothing lost', async () => {
    const other = openDatabase(store.database.options);
    const second = createKyselyRepository(other, { clock });
    try {
      const t = await draft();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? second : store.repository).mutateTransaction(t.reference, captureOnce)),
      );
      assert.deepEqual(outcomes.filter((o) => o?.result === 'applied').length, 1);
      const [log] = await store.repository.listFeedback(t.reference, 10);
      assert.equal(log?.repeatCount, 19);
      const events = await store.repository.listEvents({ reference: t.reference, limit: 10 });
      assert.equal(events.items.length, 1, 'one payment.captured in the outbox');
    } finally {
      await second.close();
    }
  });

  it('a decision that throws rolls back and the connection serves the next one', async () => {
    const t = await draft();
    await assert.rejects(
      store.repository.mutateTransaction(t.reference, () => {
        throw new Error('decided to fail');
      }),
      /decided to fail/,
    );
    const { rows } = await store.handle.pgPool!.query(
      'select count(*)::int as n from pg_stat_activity where datname = current_database() and state like $1',
      ['idle in transaction%'],
    );
    assert.equal((rows[0] as { n: number }).n, 0, 'no connection left inside a transaction');
    assert.equal((await store.repository.mutateTransaction(t.reference, captureOnce))?.result, 'applied');
  });

  it('payments created in consecutive turns, one a turn, are one INSERT', async () => {
    const session = sessionRecord();
    await store.repository.createSession(session);
    const batch = Array.from({ length: 4 }, () => transactionRecord(session.id, { state: 'draft' }));
    const { texts } = await statementsSent(async () => {
      const inserts: Array<Promise<void>> = [];
      for (const t of batch) {
        inserts.push(store.repository.createTransaction(t));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(inserts);
    });
    // One, unless the machine stalled this process past the gathering's 1 ms between two turns.
    assert.ok(texts.filter((text) => /^insert into "transactions"/.test(text)).length <= 2, texts.join('\n'));
    for (const t of batch) assert.equal((await store.repository.getTransaction(t.reference))?.reference, t.reference);
  });

  it('payments created in one turn are one INSERT; a taken reference fails alone', async () => {
    const session = sessionRecord();
    await store.repository.createSession(session);
    const batch = Array.from({ length: 30 }, () => transactionRecord(session.id, { state: 'draft' }));
    const { texts } = await statementsSent(() => Promise.all(batch.map((t) => store.repository.createTransaction(t))));
    assert.equal(texts.filter((text) => /^insert into "transactions"/.test(text)).length, 1, texts.join('\n'));
    for (const t of batch) assert.equal((await store.repository.getTransaction(t.reference))?.reference, t.reference);

    const again = [transactionRecord(session.id), batch[0]!, transactionRecord(session.id)];
    const settled = await Promise.allSettled(again.map((t) => store.repository.createTransaction(t)));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.ok(await store.repository.getTransaction(again[0]!.reference));
    assert.ok(await store.repository.getTransaction(again[2]!.reference));
  });
});
