/**
 * What mutateTransaction's decision sees and writes when the reads and writes are combined
 * (PostgreSQL: one statement for session, newest event and operations, one for the writes):
 * the payment's maintenance operations in id order with their types, new events after the
 * payment's newest one even from a clock behind, and a decision without a patch still logged;
 * a feedback log row stores last_received_at only once it is repeated.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import type { DatabaseHandle } from '../../../server/db/connect.ts';
import type { MaintenanceOperationRecord, Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`mutateTransaction reads and writes on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let handle: DatabaseHandle;
    const clock = manualClock(new Date('2025-06-01T12:00:00.000Z'));

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository, handle } = await openTestRepository(database, clock));
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    it('of two verifications of one setup session decided at once, one marks it paid and records its card', async () => {
      const session = sessionRecord({ mode: 'setup', amount: 0, customer: { id: `cust-setup-${kind}` } });
      await repository.createSession(session);
      const verifications = [transactionRecord(session.id), transactionRecord(session.id)];
      for (const t of verifications) await repository.createTransaction(t);
      // Both decide to record their card whatever they read (on PostgreSQL both may read the
      // session open): the repository lets the first UPDATE of the session win.
      const outcomes = await Promise.all(
        verifications.map((t, i) =>
          repository.mutateTransaction(t.reference, () => {
            return {
              markSessionPaid: true,
              alias: {
                record: {
                  customerId: `cust-setup-${kind}`,
                  alias: `OC-SETUP-${kind}-${i}`,
                  brand: 'VISA',
                  cardNumber: 'XXXXXXXXXXXX1111',
                  last4: '1111',
                  expiry: '1230',
                  cardHolder: null,
                  reference: t.reference,
                },
                onlyIfSessionCompletes: true,
              },
              result: i,
            };
          }),
        ),
      );
      assert.equal(outcomes.length, 2);
      const paid = await repository.getSession(session.id);
      assert.equal(paid?.status, 'paid');
      const aliases = await repository.listAliases(`cust-setup-${kind}`);
      assert.deepEqual(
        aliases.map((a) => a.reference),
        [paid?.paidReference],
        'one card, the one of the verification that completed the session',
      );
    });

    it('the decision sees the payment’s operations, in id order, with numbers as numbers', async () => {
      const session = sessionRecord();
      await repository.createSession(session);
      const t = transactionRecord(session.id);
      await repository.createTransaction(t);
      const operation = (n: number, overrides: Partial<MaintenanceOperationRecord> = {}): MaintenanceOperationRecord => ({
        id: `op_${kind}_${n}`,
        reference: t.reference,
        kind: 'refund',
        operation: 'RFD',
        amount: 123456789012 + n,
        status: 'pending',
        ogoneStatus: null,
        payidSub: null,
        ncError: null,
        idempotencyKey: `key-${n}`,
        createdAt: '2025-06-01T12:00:00.000Z',
        updatedAt: '2025-06-01T12:00:00.000Z',
        ...overrides,
      });
      const inserted = [operation(2, { ogoneStatus: 81, payidSub: 2, ncError: '0' }), operation(1)];
      await repository.mutateTransaction(t.reference, (_current, _session, operations) => {
        assert.deepEqual(operations, []);
        return { operations: { insert: inserted }, result: null };
      });
      let seen: readonly MaintenanceOperationRecord[] = [];
      const outcome = await repository.mutateTransaction(t.reference, (_current, s, operations) => {
        assert.equal(s.id, session.id);
        seen = operations;
        return { operations: { update: [{ id: inserted[1]!.id, patch: { status: 'done', ogoneStatus: 8 } }] }, result: 'seen' };
      });
      assert.equal(outcome?.result, 'seen');
      assert.deepEqual(seen, [inserted[1], inserted[0]]);
      assert.deepEqual(await repository.listOperations(t.reference), [
        { ...inserted[1]!, status: 'done', ogoneStatus: 8, updatedAt: clock.now().toISOString() },
        inserted[0],
      ]);
    });

    it('new events sort after the payment’s newest event, even from a clock behind it', async () => {
      const session = sessionRecord();
      await repository.createSession(session);
      const t = transactionRecord(session.id);
      await repository.createTransaction(t);
      const first = await repository.mutateTransaction(t.reference, (current) => ({
        patch: { state: 'authorized', lastStatus: 5 },
        events: [{ type: 'payment.authorized', reference: current.reference, data: {} }],
        result: null,
      }));
      clock.set(new Date('2025-05-01T00:00:00.000Z')); // another instance, a month behind
      const second = await repository.mutateTransaction(t.reference, (current) => ({
        patch: { state: 'captured', lastStatus: 9 },
        events: [{ type: 'payment.captured', reference: current.reference, data: {} }],
        feedback: { channel: 'server', status: 9, outcome: 'applied', params: { STATUS: '9' } },
        result: null,
      }));
      clock.set(new Date('2025-06-01T12:00:00.000Z'));
      const [a] = first!.events;
      const [b] = second!.events;
      assert.ok(a && b && b.id > a.id, `${b?.id} sorts after ${a?.id}`);
      assert.equal(second!.after.state, 'captured');
      const stored = await repository.listEvents({ limit: 10, reference: t.reference });
      assert.deepEqual(
        stored.items.map((e) => e.type),
        ['payment.captured', 'payment.authorized'],
      );
    });

    it('a decision with no patch still logs its feedback and events; the row is unchanged', async () => {
      const session = sessionRecord();
      await repository.createSession(session);
      const t = transactionRecord(session.id);
      await repository.createTransaction(t);
      const outcome = await repository.mutateTransaction(t.reference, (current) => ({
        events: [{ type: 'payment.feedback_ignored', reference: current.reference, data: {} }],
        feedback: { channel: 'browser', status: 1, outcome: 'unchanged', params: { STATUS: '1' } },
        result: 'dup',
      }));
      assert.deepEqual(outcome?.after, outcome?.before);
      assert.deepEqual(await repository.getTransaction(t.reference), outcome?.before);
      assert.deepEqual(
        (await repository.listFeedback(t.reference, 5)).map((f) => f.outcome),
        ['unchanged'],
      );
      assert.deepEqual(
        (await repository.listEvents({ limit: 5, reference: t.reference })).items.map((e) => e.id),
        outcome?.events.map((e) => e.id),
      );
    });

    it('the record after a change and the events returned are what a read after the commit gives', async () => {
      const session = sessionRecord();
      await repository.createSession(session);
      const t = transactionRecord(session.id, { state: 'pending', lastStatus: 51 });
      await repository.createTransaction(t);
      clock.set(new Date('2025-06-01T12:07:00.000Z'));
      // Every column a patch can set, with values of each kind a record holds (text, integers, flags, null).
      const outcome = await repository.mutateTransaction(t.reference, (current) => ({
        patch: {
          state: 'captured',
          capturedAmount: current.amount,
          refundedAmount: 0,
          lastStatus: 9,
          payid: '3000001',
          pm: 'CreditCard',
          brand: 'VISA',
          cardNumber: 'XXXXXXXXXXXX1111',
          expiry: '1229',
          cardHolder: "Zoë O'Neil",
          ncError: '0',
          trxDate: '06/01/25',
          amountMismatch: true,
          syncNeeded: true,
          needsAttention: false,
          duplicateOf: null,
        },
        events: [
          {
            type: 'payment.captured',
            reference: current.reference,
            data: { reference: current.reference, amount: current.amount, nested: { list: [1, 'two', null] }, left: undefined },
          },
        ],
        result: null,
      }));
      clock.set(new Date('2025-06-01T12:00:00.000Z'));
      const read = await repository.getTransaction(t.reference);
      assert.deepEqual(outcome?.after, read);
      assert.equal(read?.updatedAt, '2025-06-01T12:07:00.000Z');
      assert.equal(read?.state, 'captured');
      const events = (await repository.listEvents({ limit: 5, reference: t.reference })).items;
      assert.deepEqual(
        outcome?.events,
        events.map(({ deliveries: _deliveries, deliveriesTruncated: _truncated, ...event }) => event),
      );
      assert.deepEqual(outcome?.events[0]?.data, { reference: t.reference, amount: t.amount, nested: { list: [1, 'two', null] } });
    });

    it('a feedback log row keeps last_received_at null until a repeat, then the repeat’s time', async () => {
      const session = sessionRecord();
      await repository.createSession(session);
      const t = transactionRecord(session.id);
      await repository.createTransaction(t);
      const feedback = { channel: 'server', status: 9, outcome: 'applied', params: { ORDERID: t.reference, STATUS: '9' } } as const;
      const stored = () =>
        handle.db
          .selectFrom('feedback_log')
          .select(['received_at', 'repeat_count', 'last_received_at'])
          .where('reference', '=', t.reference)
          .execute();
      const firstAt = '2025-06-01T12:00:00.000Z';
      clock.set(new Date(firstAt));
      await repository.mutateTransaction(t.reference, () => ({ feedback, result: null }));
      assert.deepEqual(await stored(), [{ received_at: firstAt, repeat_count: 0, last_received_at: null }]);
      const [first] = await repository.listFeedback(t.reference, 5);
      assert.equal(first?.lastReceivedAt, firstAt, 'read as its received_at');

      const repeatAt = '2025-06-01T12:05:00.000Z';
      clock.set(new Date(repeatAt));
      await repository.mutateTransaction(t.reference, () => ({ feedback, result: null }));
      assert.deepEqual(await stored(), [{ received_at: firstAt, repeat_count: 1, last_received_at: repeatAt }]);
      const [repeated] = await repository.listFeedback(t.reference, 5);
      assert.equal(repeated?.repeatCount, 1);
      assert.equal(repeated?.lastReceivedAt, repeatAt);
      clock.set(new Date('2025-06-01T12:00:00.000Z'));
    });
  });
}
