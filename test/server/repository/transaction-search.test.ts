/**
 * The merchant API's transaction queries (issue 16, issue 17) over a real SQLite file and a fresh
 * PostgreSQL database: exact search by each key, states, the row-value cursor through ties, the
 * dashboard's summary against hand-computed figures, a customer's saved cards by page and an
 * event's attempts bounded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { ATTEMPTS_SHOWN } from '../../../server/repository/outbox.ts';
import type { PaymentState } from '../../../shared/status.ts';
import type { TransactionFilter, TransactionRecord } from '../../../server/repository/types.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`transaction search and summary on ${kind}`, () => {
    const clock = manualClock(new Date('2025-03-01T12:00:00.000Z'));

    const store = useTestRepository(kind, clock);

    /** A payment of a fresh session, with the keys newDraftTransaction copies from it. */
    async function payment(overrides: Partial<TransactionRecord>, customer?: { id: string; email?: string }): Promise<TransactionRecord> {
      const session = sessionRecord({
        merchantReference: overrides.merchantReference ?? null,
        customer: customer ?? null,
      });
      await store.repository.createSession(session);
      const t = transactionRecord(session.id, {
        customerId: customer?.id ?? null,
        customerEmail: customer?.email ?? null,
        ...overrides,
      });
      await store.repository.createTransaction(t);
      return t;
    }

    async function references(filter: Omit<TransactionFilter, 'limit'>, limit = 100): Promise<string[]> {
      return (await store.repository.listTransactions({ ...filter, limit })).items.map((t) => t.reference);
    }

    /** Every page to the end, `limit` at a time. */
    async function allPages(
      filter: Omit<TransactionFilter, 'limit' | 'cursor'>,
      limit: number,
    ): Promise<{ refs: string[]; pages: number }> {
      const refs: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const result = await store.repository.listTransactions({ ...filter, limit, ...(cursor ? { cursor } : {}) });
        refs.push(...result.items.map((t) => t.reference));
        cursor = result.nextCursor;
        pages += 1;
        assert.ok(pages < 1000, 'the cursor ends');
      } while (cursor);
      return { refs, pages };
    }

    const hidden: PaymentState[] = ['draft', 'expired'];

    it('finds a payment by its reference, merchant reference, customer id, e-mail (any case) or card last four', async () => {
      const ana = await payment(
        {
          reference: `${kind}-SRCH-A`,
          merchantReference: `${kind}-ORDER-1001`,
          cardNumber: 'XXXXXXXXXXXX4242',
          brand: 'VISA',
          state: 'captured',
          createdAt: '2025-02-01T10:00:00.000Z',
        },
        { id: `${kind}-cust-ana`, email: 'Ana.Lima@Example.com' },
      );
      const ben = await payment(
        {
          reference: `${kind}-SRCH-B`,
          merchantReference: `${kind}-ORDER-1002`,
          cardNumber: 'XXXXXXXXXXXX1111',
          state: 'refunded',
          createdAt: '2025-02-02T10:00:00.000Z',
        },
        { id: `${kind}-cust-ben`, email: 'ben@example.com' },
      );
      const anaDraft = await payment(
        { reference: `${kind}-SRCH-C`, state: 'draft', createdAt: '2025-02-03T10:00:00.000Z' },
        { id: `${kind}-cust-ana`, email: 'ana.lima@example.com' },
      );
      // A customer id of four digits: the same q finds it and the card ending so.
      const digits = await payment(
        { reference: `${kind}-SRCH-D`, state: 'authorized', createdAt: '2025-02-04T10:00:00.000Z' },
        { id: '4242' },
      );

      assert.deepEqual(await references({ q: ana.reference, hiddenStates: hidden }), [ana.reference]);
      assert.deepEqual(await references({ q: `${kind}-ORDER-1002`, hiddenStates: hidden }), [ben.reference]);
      assert.deepEqual(await references({ q: `${kind}-cust-ana`, hiddenStates: hidden }), [ana.reference], 'the draft is hidden');
      assert.deepEqual(await references({ q: `${kind}-cust-ana` }), [anaDraft.reference, ana.reference], 'newest first');
      assert.deepEqual(await references({ q: 'ANA.LIMA@EXAMPLE.COM', hiddenStates: hidden }), [ana.reference]);
      assert.deepEqual(await references({ q: 'ana.lima@example.com' }), [anaDraft.reference, ana.reference]);
      assert.deepEqual(await references({ q: '1111', hiddenStates: hidden }), [ben.reference]);
      assert.deepEqual(await references({ q: '4242', hiddenStates: hidden }), [digits.reference, ana.reference]);
      assert.deepEqual(await references({ q: '4242', state: 'captured' }), [ana.reference], 'search and state together');
      assert.deepEqual(await references({ q: `${kind}-srch-a` }), [], 'a reference matches exactly, case included');
      assert.deepEqual(await references({ q: '424' }), [], 'no partial match');
      assert.deepEqual(await references({ q: 'nobody@example.com' }), []);
    });

    it('finds a card by its last four once a feedback wrote the card number', async () => {
      const t = await payment({ reference: `${kind}-CARD-LATE`, state: 'draft', createdAt: '2025-02-05T10:00:00.000Z' });
      assert.deepEqual(await references({ q: '9876' }), []);
      await store.repository.mutateTransaction(t.reference, () => ({
        patch: { state: 'authorized', cardNumber: 'XXXXXXXXXXXX9876', brand: 'MasterCard' },
        result: null,
      }));
      assert.deepEqual(await references({ q: '9876', hiddenStates: hidden }), [t.reference]);
    });

    it('lists several states at once, newest first, and pages them with a cursor', async () => {
      const session = `${kind}-multi`;
      const made: TransactionRecord[] = [];
      const states: PaymentState[] = ['captured', 'refunded', 'declined', 'captured', 'draft', 'refunded', 'captured'];
      for (const [i, state] of states.entries()) {
        made.push(
          await payment({ reference: `${kind}-MS-${i}`, state, createdAt: `2025-01-10T00:00:0${i}.000Z`, merchantReference: session }),
        );
      }
      const expected = made
        .filter((t) => t.state === 'captured' || t.state === 'refunded')
        .map((t) => t.reference)
        .reverse();
      assert.deepEqual(await references({ state: ['captured', 'refunded'], q: session }), expected);
      const { refs, pages } = await allPages({ state: ['refunded', 'captured'], q: session }, 2);
      assert.deepEqual(refs, expected);
      assert.equal(pages, 3);
      assert.deepEqual(await references({ state: ['declined'], q: session }), [`${kind}-MS-2`]);
    });

    it('pages to the end through rows sharing one created_at: none skipped, none repeated', async () => {
      const customer = { id: `${kind}-cust-ties` };
      const at = '2025-01-20T08:00:00.000Z';
      const made: string[] = [];
      for (let i = 0; i < 23; i++) {
        // References in no particular order; three timestamps, most rows on the same one.
        const reference = `${kind}-TIE-${((i * 7) % 23).toString().padStart(2, '0')}`;
        const createdAt = i % 10 === 0 ? '2025-01-20T07:00:00.000Z' : i % 10 === 1 ? '2025-01-20T09:00:00.000Z' : at;
        const state: PaymentState = i % 3 === 0 ? 'authorized' : 'captured';
        await payment({ reference, createdAt, state }, customer);
        made.push(reference);
      }
      const all = (await store.repository.listTransactions({ q: customer.id, limit: 100 })).items;
      assert.equal(all.length, 23);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1]!, all[i]!];
        assert.ok(
          a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.reference > b.reference),
          'ordered by (created_at, reference) desc',
        );
      }
      for (const limit of [1, 4, 7]) {
        const { refs } = await allPages({ q: customer.id }, limit);
        assert.deepEqual(
          refs,
          all.map((t) => t.reference),
          `limit ${limit}`,
        );
        const byState = await allPages({ q: customer.id, state: ['authorized', 'captured'] }, limit);
        assert.deepEqual(
          byState.refs,
          all.map((t) => t.reference),
          `two states, limit ${limit}`,
        );
      }
      assert.deepEqual(new Set(made).size, 23);
    });

    it('filters by dates (to excluded) and session, and hides the states it is told to', async () => {
      const a = await payment({ reference: `${kind}-DATE-A`, state: 'captured', createdAt: '2024-12-01T00:00:00.000Z' });
      const b = await payment({ reference: `${kind}-DATE-B`, state: 'expired', createdAt: '2024-12-01T12:00:00.000Z' });
      const c = await payment({ reference: `${kind}-DATE-C`, state: 'draft', createdAt: '2024-12-02T00:00:00.000Z' });
      const window = { createdFrom: '2024-12-01T00:00:00.000Z', createdTo: '2024-12-02T00:00:00.000Z' };
      assert.deepEqual(await references({ ...window, hiddenStates: hidden }), [a.reference]);
      assert.deepEqual(await references({ ...window }), [b.reference, a.reference]);
      assert.deepEqual(
        await references({ createdFrom: '2024-12-01T00:00:00.000Z', createdTo: '2024-12-03T00:00:00.000Z', hiddenStates: ['expired'] }),
        [c.reference, a.reference],
      );
      assert.deepEqual(await references({ sessionId: c.sessionId }), [c.reference]);
    });

    it('summarises a window per UTC day, currency and state, summed by the database', async () => {
      const rows: Array<Partial<TransactionRecord>> = [
        { createdAt: '2024-02-01T00:00:00.000Z', state: 'captured', amount: 1000, capturedAmount: 1000 },
        { createdAt: '2024-02-01T13:00:00.000Z', state: 'refunded', amount: 2000, capturedAmount: 2000, refundedAmount: 500 },
        { createdAt: '2024-02-01T23:59:59.999Z', state: 'draft', amount: 300 },
        { createdAt: '2024-02-02T08:00:00.000Z', state: 'authorized', amount: 700 },
        { createdAt: '2024-02-02T09:00:00.000Z', state: 'captured', amount: 5000, capturedAmount: 5000, currency: 'USD' },
        { createdAt: '2024-02-02T10:00:00.000Z', state: 'captured', amount: 4000, capturedAmount: 4000, needsAttention: true },
        // Outside the window: the end is excluded, the start included.
        { createdAt: '2024-02-03T00:00:00.000Z', state: 'captured', amount: 9999, capturedAmount: 9999 },
        {
          createdAt: '2024-01-31T23:59:59.999Z',
          state: 'captured',
          amount: 8888,
          capturedAmount: 8888,
          needsAttention: true,
          currency: 'USD',
        },
      ];
      for (const [i, row] of rows.entries()) await payment({ reference: `${kind}-SUM-${i}`, ...row });
      const [failedA, failedB, delivered] = await store.repository.insertEvents([
        { type: 'payment.captured', reference: `${kind}-SUM-0`, data: {} },
        { type: 'payment.captured', reference: `${kind}-SUM-1`, data: {} },
        { type: 'payment.captured', reference: `${kind}-SUM-4`, data: {} },
      ]);
      await store.repository.recordDelivery(failedA!.id, { statusCode: 500, error: null, ok: false }, { status: 'failed' });
      await store.repository.recordDelivery(failedB!.id, { statusCode: null, error: 'ECONNREFUSED', ok: false }, { status: 'failed' });
      await store.repository.recordDelivery(delivered!.id, { statusCode: 200, error: null, ok: true }, { status: 'delivered' });

      const summary = await store.repository.summarizeTransactions({ from: '2024-02-01T00:00:00.000Z', to: '2024-02-03T00:00:00.000Z' });
      const sorted = [...summary.groups].sort((a, b) => `${a.day}${a.currency}${a.state}`.localeCompare(`${b.day}${b.currency}${b.state}`));
      assert.deepEqual(sorted, [
        { day: '2024-02-01', currency: 'EUR', state: 'captured', count: 1, capturedAmount: 1000, refundedAmount: 0, capturedCount: 1 },
        { day: '2024-02-01', currency: 'EUR', state: 'draft', count: 1, capturedAmount: 0, refundedAmount: 0, capturedCount: 0 },
        { day: '2024-02-01', currency: 'EUR', state: 'refunded', count: 1, capturedAmount: 2000, refundedAmount: 500, capturedCount: 1 },
        { day: '2024-02-02', currency: 'EUR', state: 'authorized', count: 1, capturedAmount: 0, refundedAmount: 0, capturedCount: 0 },
        { day: '2024-02-02', currency: 'EUR', state: 'captured', count: 1, capturedAmount: 4000, refundedAmount: 0, capturedCount: 1 },
        { day: '2024-02-02', currency: 'USD', state: 'captured', count: 1, capturedAmount: 5000, refundedAmount: 0, capturedCount: 1 },
      ]);
      assert.equal(summary.needsAttention, 2, 'flagged payments whenever created');
      assert.equal(summary.failedDeliveries, 2);
      const usd = await store.repository.summarizeTransactions({
        from: '2024-02-01T00:00:00.000Z',
        to: '2024-02-03T00:00:00.000Z',
        currency: 'USD',
      });
      assert.deepEqual(
        usd.groups.map((g) => [g.day, g.state, g.capturedAmount]),
        [['2024-02-02', 'captured', 5000]],
      );
      assert.equal(usd.needsAttention, 1);
    });

    it('forgets the e-mail copied for search with the rest of the personal data (RETENTION_DAYS)', async () => {
      const old = await payment(
        { reference: `${kind}-RET-1`, state: 'captured', createdAt: '2023-01-01T00:00:00.000Z' },
        { id: `${kind}-cust-ret`, email: 'gone@example.com' },
      );
      assert.deepEqual(await references({ q: 'gone@example.com' }), [old.reference]);
      await store.repository.purgePersonalData({ createdBefore: '2023-06-01T00:00:00.000Z' });
      assert.deepEqual(await references({ q: 'gone@example.com' }), [], 'no longer found by e-mail');
      assert.deepEqual(await references({ q: `${kind}-cust-ret` }), [old.reference], 'still by the customer id');
      assert.equal((await store.repository.getTransaction(old.reference))?.customerEmail, null);
    });

    it("pages a customer's saved cards, newest first, without deleted or forgotten ones", async () => {
      const customer = `${kind}-cust-cards`;
      for (let i = 0; i < 5; i++) {
        await store.handle.db
          .insertInto('aliases')
          .values({
            id: `alias_${kind}_${i}`,
            customer_id: customer,
            alias: `${kind}-ALIAS-${i}`,
            brand: 'VISA',
            card_number: `XXXXXXXXXXXX000${i}`,
            last4: `000${i}`,
            expiry: '1230',
            card_holder: null,
            reference: `${kind}-REF-${i}`,
            created_at: clock.now().toISOString(),
            deleted_at: i === 1 ? clock.now().toISOString() : null,
            deletion_status: i === 2 ? 'pending' : null,
          })
          .execute();
      }
      const first = await store.repository.listAliasesPage(customer, { limit: 2 });
      assert.deepEqual(
        first.items.map((a) => a.id),
        [`alias_${kind}_4`, `alias_${kind}_3`],
      );
      assert.ok(first.nextCursor);
      const second = await store.repository.listAliasesPage(customer, { limit: 2, cursor: first.nextCursor });
      assert.deepEqual(
        second.items.map((a) => a.id),
        [`alias_${kind}_0`],
      );
      assert.equal(second.nextCursor, null);
    });

    it(`lists an event's newest ${ATTEMPTS_SHOWN} attempts and says there were more`, async () => {
      const [event] = await store.repository.insertEvents([{ type: 'payment.captured', reference: `${kind}-ATT`, data: {} }]);
      const total = ATTEMPTS_SHOWN + 5;
      for (let i = 0; i < total; i++) {
        clock.advance(1000);
        await store.repository.recordDelivery(
          event!.id,
          { statusCode: 500 + (i % 3), error: `try ${i}`, ok: false },
          {
            status: 'pending',
            nextAttemptAt: clock.now().toISOString(),
          },
        );
      }
      const read = await store.repository.getEvent(event!.id);
      assert.equal(read?.deliveries.length, ATTEMPTS_SHOWN);
      assert.equal(read?.deliveriesTruncated, true);
      assert.deepEqual(
        read?.deliveries.map((d) => d.error),
        Array.from({ length: ATTEMPTS_SHOWN }, (_, i) => `try ${i + 5}`),
        'the newest, oldest of them first',
      );
      const listed = await store.repository.listEvents({ reference: `${kind}-ATT`, limit: 5 });
      assert.equal(listed.items[0]?.deliveries.length, ATTEMPTS_SHOWN);
      assert.equal(listed.items[0]?.deliveriesTruncated, true);
      const [fresh] = await store.repository.insertEvents([{ type: 'payment.captured', reference: `${kind}-ATT2`, data: {} }]);
      await store.repository.recordDelivery(fresh!.id, { statusCode: 200, error: null, ok: true }, { status: 'delivered' });
      const one = await store.repository.getEvent(fresh!.id);
      assert.equal(one?.deliveries.length, 1);
      assert.equal(one?.deliveriesTruncated, false);
    });
  });
}
