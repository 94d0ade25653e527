/** The repository contract, run over a real SQLite file and a fresh PostgreSQL database. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { InvalidCursorError } from '../../../server/repository/cursor.ts';
import { DATABASE_KINDS, openTestRepository } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`repository on ${kind}`, () => {
    const clock = manualClock(new Date('2025-03-01T12:00:00.000Z'));

    const store = useTestRepository(kind, clock);

    it('migrations are idempotent: a second run applies nothing', async () => {
      const { handle } = await openTestRepository(store.database, clock);
      try {
        assert.deepEqual(await migrateToLatest(handle.db), []);
      } finally {
        await handle.close();
      }
    });

    it('stores and reads a checkout session with customer and metadata', async () => {
      const session = sessionRecord({ amount: 123456789012345, currency: 'KWD' });
      await store.repository.createSession(session);
      // A test server's repository records the test platform (migration 0023).
      assert.deepEqual(await store.repository.getSession(session.id), { ...session, livemode: false });
      assert.equal(await store.repository.getSession('cs_missing'), undefined);
    });

    it('creates, lists with a cursor and soft-deletes buttons', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = `btn_${kind}_${i}`;
        ids.push(id);
        await store.repository.createButton({
          id,
          name: `Button ${i}`,
          amount: 500 + i,
          currency: 'EUR',
          minQuantity: 1,
          maxQuantity: 3,
          saveCard: 'never',
          successUrl: null,
          failureUrl: null,
          createdAt: clock.now().toISOString(),
          deletedAt: null,
        });
      }
      const first = await store.repository.listButtons({ limit: 2 });
      assert.deepEqual(
        first.items.map((b) => b.id),
        [ids[4], ids[3]],
      );
      assert.ok(first.nextCursor);
      const second = await store.repository.listButtons({ limit: 2, cursor: first.nextCursor! });
      assert.deepEqual(
        second.items.map((b) => b.id),
        [ids[2], ids[1]],
      );
      assert.equal(await store.repository.deleteButton(ids[4]!, clock.now().toISOString()), true);
      assert.equal(
        await store.repository.deleteButton(ids[4]!, clock.now().toISOString()),
        false,
        'deleting twice reports nothing deleted',
      );
      const afterDelete = await store.repository.listButtons({ limit: 10 });
      assert.deepEqual(
        afterDelete.items.map((b) => b.id),
        [ids[3], ids[2], ids[1], ids[0]],
      );
      assert.ok((await store.repository.getButton(ids[4]!))?.deletedAt);
      await assert.rejects(store.repository.listButtons({ limit: 2, cursor: 'garbage' }), InvalidCursorError);
    });

    it('lists transactions newest first, filtered by state and date, page by page', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const created: string[] = [];
      for (let i = 0; i < 7; i++) {
        const at = new Date(Date.UTC(2025, 3, 1, 10, 0, i % 3 === 0 ? 0 : i)).toISOString(); // some share a timestamp
        const t = transactionRecord(session.id, {
          reference: `LIST-${kind}-${i}`,
          createdAt: at,
          updatedAt: at,
          state: i % 2 ? 'declined' : 'pending',
        });
        await store.repository.createTransaction(t);
        created.push(t.reference);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const result = await store.repository.listTransactions({ sessionId: session.id, limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...result.items.map((t) => t.reference));
        cursor = result.nextCursor ?? undefined;
      } while (cursor);
      assert.equal(seen.length, 7);
      assert.equal(new Set(seen).size, 7, 'no transaction twice across pages');
      const declined = await store.repository.listTransactions({ sessionId: session.id, state: 'declined', limit: 10 });
      assert.deepEqual(
        declined.items.map((t) => t.state),
        ['declined', 'declined', 'declined'],
      );
      const window = await store.repository.listTransactions({
        sessionId: session.id,
        createdFrom: '2025-04-01T10:00:01.000Z',
        createdTo: '2025-04-01T10:00:05.000Z',
        limit: 10,
      });
      assert.deepEqual(window.items.map((t) => t.reference).sort(), [`LIST-${kind}-1`, `LIST-${kind}-2`, `LIST-${kind}-4`]);
    });

    it('mutateTransaction applies patch, feedback log, alias, events and session paid atomically', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const t = transactionRecord(session.id, { aliasRequest: 'ALIAS-ATOMIC-' + kind });
      await store.repository.createTransaction(t);
      const outcome = await store.repository.mutateTransaction(t.reference, (current, s) => {
        assert.equal(s.id, session.id);
        return {
          patch: {
            state: 'captured',
            lastStatus: 9,
            payid: '3001',
            capturedAmount: current.amount,
            cardNumber: 'XXXXXXXXXXXX1111',
            brand: 'VISA',
          },
          events: [{ type: 'payment.captured', reference: current.reference, data: { reference: current.reference } }],
          alias: {
            record: {
              customerId: 'cust-1',
              alias: current.aliasRequest!,
              brand: 'VISA',
              cardNumber: 'XXXXXXXXXXXX1111',
              last4: '1111',
              expiry: '12/30',
              cardHolder: 'B S',
              reference: current.reference,
            },
            event: (alias) => ({ type: 'alias.created', reference: current.reference, data: { id: alias.id } }),
          },
          markSessionPaid: true,
          feedback: { channel: 'server', status: 9, outcome: 'applied', params: { ORDERID: t.reference, STATUS: '9' } },
          result: 'ok',
        };
      });
      assert.ok(outcome);
      assert.equal(outcome.result, 'ok');
      assert.equal(outcome.before.state, 'pending');
      assert.equal(outcome.after.state, 'captured');
      assert.equal(outcome.after.capturedAmount, 1999);
      assert.deepEqual(
        outcome.events.map((e) => e.type),
        ['payment.captured', 'alias.created'],
      );
      assert.equal((await store.repository.getSession(session.id))?.status, 'paid');
      assert.equal((await store.repository.getSession(session.id))?.paidReference, t.reference);
      const aliases = await store.repository.listAliases('cust-1');
      assert.ok(aliases.some((a) => a.alias === t.aliasRequest && a.last4 === '1111'));
      const feedback = await store.repository.listFeedback(t.reference, 10);
      assert.equal(feedback.length, 1);
      assert.deepEqual(feedback[0]?.params, { ORDERID: t.reference, STATUS: '9' });

      // The same alias again: not inserted twice, no second alias.created.
      const again = await store.repository.mutateTransaction(t.reference, (current) => ({
        alias: {
          record: {
            customerId: 'cust-1',
            alias: current.aliasRequest!,
            brand: 'VISA',
            cardNumber: 'XXXXXXXXXXXX1111',
            last4: '1111',
            expiry: '12/30',
            cardHolder: null,
            reference: current.reference,
          },
          event: (alias) => ({ type: 'alias.created', reference: current.reference, data: { id: alias.id } }),
        },
        result: null,
      }));
      assert.deepEqual(again?.events, []);
      assert.equal((await store.repository.listAliases('cust-1')).filter((a) => a.alias === t.aliasRequest).length, 1);
      assert.equal(await store.repository.mutateTransaction('NOPE', () => ({ result: 1 })), undefined);
    });

    it('a decision that throws rolls everything back', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const t = transactionRecord(session.id);
      await store.repository.createTransaction(t);
      await assert.rejects(
        store.repository.mutateTransaction(t.reference, () => {
          throw new Error('boom');
        }),
        /boom/,
      );
      // A failing write after the patch (duplicate event id is impossible, so use a bad foreign key).
      await assert.rejects(
        store.repository.mutateTransaction(t.reference, () => ({
          patch: { state: 'captured' },
          feedback: { channel: 'server', status: 9, outcome: 'applied', params: { X: 'y'.repeat(10) } },
          alias: {
            record: {
              customerId: null as unknown as string,
              alias: 'X',
              brand: null,
              cardNumber: null,
              last4: null,
              expiry: null,
              cardHolder: null,
              reference: t.reference,
            },
          },
          result: null,
        })),
      );
      const reread = await store.repository.getTransaction(t.reference);
      assert.equal(reread?.state, 'pending', 'the patch was rolled back with the failing alias insert');
      assert.deepEqual(await store.repository.listFeedback(t.reference, 10), []);
    });

    it('concurrent mutations of one transaction are serialized (no lost update)', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const t = transactionRecord(session.id);
      await store.repository.createTransaction(t);
      // Each mutation reads capturedAmount and adds one; 20 at once must give exactly 20.
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.repository.mutateTransaction(t.reference, (current) => ({
            patch: { capturedAmount: current.capturedAmount + 1 },
            result: null,
          })),
        ),
      );
      assert.equal((await store.repository.getTransaction(t.reference))?.capturedAmount, 20);
    });

    it('outbox: claims due events in order per payment, leases them, records deliveries', async () => {
      const [a1, b1, a2] = await store.repository.insertEvents([
        { type: 'payment.pending', reference: `OUT-A-${kind}`, data: { n: 1 } },
        { type: 'payment.pending', reference: `OUT-B-${kind}`, data: { n: 2 } },
        { type: 'payment.captured', reference: `OUT-A-${kind}`, data: { n: 3 } },
      ]);
      const claimed = await store.repository.claimDueEvents({ limit: 10, leaseMs: 60_000 });
      const ours = claimed.filter((e) => e.reference?.startsWith('OUT-'));
      assert.deepEqual(
        ours.map((e) => e.id),
        [a1!.id, b1!.id],
        'A2 waits for A1',
      );
      assert.ok(ours.every((e) => e.attempts === 1));
      assert.deepEqual(
        (await store.repository.claimDueEvents({ limit: 10, leaseMs: 60_000 })).filter((e) => e.reference?.startsWith('OUT-')),
        [],
        'leased events are not claimed again',
      );

      await store.repository.recordDelivery(
        a1!.id,
        { statusCode: 500, error: null, ok: false },
        { status: 'pending', nextAttemptAt: clock.now().toISOString() },
      );
      await store.repository.recordDelivery(b1!.id, { statusCode: 200, error: null, ok: true }, { status: 'delivered' });
      const retry = (await store.repository.claimDueEvents({ limit: 10, leaseMs: 60_000 })).filter((e) => e.reference?.startsWith('OUT-'));
      assert.deepEqual(
        retry.map((e) => e.id),
        [a1!.id],
        'A1 again, A2 still behind it',
      );
      assert.equal(retry[0]?.attempts, 2);
      await store.repository.recordDelivery(a1!.id, { statusCode: 204, error: null, ok: true }, { status: 'delivered' });
      const next = (await store.repository.claimDueEvents({ limit: 10, leaseMs: 60_000 })).filter((e) => e.reference?.startsWith('OUT-'));
      assert.deepEqual(
        next.map((e) => e.id),
        [a2!.id],
      );

      const event = await store.repository.getEvent(a1!.id);
      assert.equal(event?.status, 'delivered');
      assert.deepEqual(
        event?.deliveries.map((d) => [d.statusCode, d.ok]),
        [
          [500, false],
          [204, true],
        ],
      );
      const listed = await store.repository.listEvents({ limit: 2, reference: `OUT-A-${kind}` });
      assert.deepEqual(
        listed.items.map((e) => e.id),
        [a2!.id, a1!.id],
      );
      assert.equal(listed.items[1]?.deliveries.length, 2);
    });

    it('idempotency keys: reserve once, replay the stored response, release on failure to the same body only', async () => {
      const first = await store.repository.reserveIdempotencyKey('k', 'key-1', 'h1');
      assert.ok(first.kind === 'reserved');
      const pending = await store.repository.reserveIdempotencyKey('k', 'key-1', 'h1');
      assert.equal(pending.kind === 'existing' && pending.record.statusCode, 0);
      // Another reservation's answer (one a takeover replaced) is not kept.
      assert.equal(await store.repository.completeIdempotencyKey('k', 'key-1', '2000-01-01T00:00:00.000Z', 201, { id: 'cs_0' }), false);
      assert.equal(await store.repository.completeIdempotencyKey('k', 'key-1', first.reservedAt, 201, { id: 'cs_1' }), true);
      const replay = await store.repository.reserveIdempotencyKey('k', 'key-1', 'h1');
      assert.deepEqual(replay, { kind: 'existing', record: { requestHash: 'h1', statusCode: 201, response: { id: 'cs_1' } } });
      const second = await store.repository.reserveIdempotencyKey('k', 'key-2', 'h2');
      assert.ok(second.kind === 'reserved');
      // A release naming another reservation of the key (one a takeover replaced) lets go of nothing.
      await store.repository.releaseIdempotencyKey('k', 'key-2', '2000-01-01T00:00:00.000Z');
      const stillHeld = await store.repository.reserveIdempotencyKey('k', 'key-2', 'h2');
      assert.equal(stillHeld.kind === 'existing' && stillHeld.record.statusCode, 0, 'still in progress');
      await store.repository.releaseIdempotencyKey('k', 'key-2', second.reservedAt);
      // Another body under the released key is shown the key's own (the middleware's 422); the same body runs again.
      const other = await store.repository.reserveIdempotencyKey('k', 'key-2', 'h3');
      assert.equal(other.kind === 'existing' && other.record.requestHash, 'h2');
      assert.equal((await store.repository.reserveIdempotencyKey('k', 'key-2', 'h2')).kind, 'reserved');
      const again = await store.repository.reserveIdempotencyKey('k', 'key-2', 'h2');
      assert.equal(again.kind === 'existing' && again.record.statusCode, 0, 'taken over once: the next is in progress');
    });

    it('aliases: soft delete hides them from the customer list', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const t = transactionRecord(session.id);
      await store.repository.createTransaction(t);
      const outcome = await store.repository.mutateTransaction(t.reference, () => ({
        alias: {
          record: {
            customerId: 'cust-del',
            alias: `DEL-${kind}`,
            brand: 'MasterCard',
            cardNumber: 'XXXXXXXXXXXX4444',
            last4: '4444',
            expiry: '01/29',
            cardHolder: null,
            reference: t.reference,
          },
          event: (a) => ({ type: 'alias.created', reference: null, data: a }),
        },
        result: null,
      }));
      const aliasId = (outcome?.events[0]?.data as { id: string }).id;
      assert.equal((await store.repository.getAlias(aliasId))?.last4, '4444');
      assert.equal(await store.repository.deleteAlias(aliasId, clock.now().toISOString()), true);
      assert.deepEqual(await store.repository.listAliases('cust-del'), []);
      await store.repository.ping();
    });
  });
}
