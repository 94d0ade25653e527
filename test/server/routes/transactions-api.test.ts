/**
 * The merchant API behind the dashboard (issue 16) over the in-process app, on SQLite and
 * PostgreSQL: search through the real attempt and feedback path, several states, the CSV export
 * (header, escaping, formulas, streamed over several pages, same filters), the transaction detail,
 * the summary against hand-computed figures, and bad input answered 400 naming the field.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EXPORT_COLUMNS, EXPORT_PAGE_SIZE } from '../../../server/routes/merchant/export.ts';
import { DETAIL_EVENTS_LIMIT, DETAIL_FEEDBACK_LIMIT } from '../../../server/routes/merchant/transactions.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { parseCsv } from '../../support/csv.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

for (const kind of DATABASE_KINDS) {
  describe(`merchant transactions API on ${kind}`, () => {
    let database: TestDatabase;
    let t: TestApp;

    before(async () => {
      database = await createTestDatabase(kind);
      t = await createTestApp(database);
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    const json = async <T>(path: string): Promise<T> => {
      const response = await t.api(path);
      assert.equal(response.status, 200, `${path}: ${response.status}`);
      return (await response.json()) as T;
    };
    type List = { data: Array<{ reference: string; state: string; merchantReference: string | null }>; nextCursor: string | null };

    async function feedback(reference: string, status: number, extra: Record<string, string> = {}): Promise<void> {
      const response = await t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, status, extra)).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
      assert.equal(response.status, 200);
    }

    it('finds a paid attempt by each key, through the real attempt and feedback path', async () => {
      const reference = await newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        reference: `SHOP-${kind}-77`,
        description: 'Two tickets',
        customer: { id: `cust-${kind}`, email: 'Marie.Dupont@Example.org', name: 'Marie Dupont' },
      });
      assert.deepEqual((await json<List>(`/api/transactions?q=${reference}`)).data, [], 'a draft is hidden');
      assert.equal((await json<List>(`/api/transactions?q=${reference}&includeDrafts=true`)).data.length, 1);
      await feedback(reference, 9, { CARDNO: 'XXXXXXXXXXXX4917' });
      for (const q of [reference, `SHOP-${kind}-77`, `cust-${kind}`, 'marie.dupont@example.org', 'MARIE.DUPONT@EXAMPLE.ORG', '4917']) {
        const found = await json<List>(`/api/transactions?q=${encodeURIComponent(q)}&state=captured`);
        assert.deepEqual(
          found.data.map((x) => x.reference),
          [reference],
          q,
        );
        assert.equal(found.data[0]?.merchantReference, `SHOP-${kind}-77`);
      }
      assert.deepEqual((await json<List>(`/api/transactions?q=${encodeURIComponent(`  ${reference}  `)}`)).data.length, 1, 'q is trimmed');
    });

    it('answers 400 naming the field for a bad query', async () => {
      const cases: Array<[string, string]> = [
        [`/api/transactions?q=${'x'.repeat(255)}`, 'q'],
        ['/api/transactions?state=paid', 'state'],
        ['/api/transactions?state=captured,paid', 'state'],
        ['/api/transactions?state=captured&state=nope', 'state'],
        ['/api/transactions?from=yesterday', 'from'],
        ['/api/transactions?to=2025-13-45', 'to'],
        ['/api/transactions?cursor=zzz', 'cursor'],
        ['/api/transactions?includeDrafts=maybe', 'includeDrafts'],
        ['/api/transactions/export.csv?state=paid', 'state'],
        [`/api/transactions/export.csv?q=${'x'.repeat(255)}`, 'q'],
        ['/api/dashboard/summary?days=0', 'days'],
        ['/api/dashboard/summary?days=14.5', 'days'],
        ['/api/dashboard/summary?currency=EURO', 'currency'],
        ['/api/customers/c1/aliases?limit=1000', 'limit'],
        ['/api/customers/c1/aliases?cursor=zzz', 'cursor'],
      ];
      for (const [path, field] of cases) {
        const response = await t.api(path);
        assert.equal(response.status, 400, path);
        assert.equal(((await response.json()) as ErrorBody).error.field, field, path);
      }
      // A date bound's message says what it takes (review r1230: zod's union said "Invalid input").
      for (const path of ['/api/transactions?from=yesterday', '/api/transactions?to=2025-13-45']) {
        const { message } = ((await (await t.api(path)).json()) as ErrorBody).error;
        assert.match(message, /must be an ISO 8601 date such as 2025-01-31 or date-time such as 2025-01-31T00:00:00Z$/, path);
      }
      assert.equal((await t.api(`/api/transactions?q=${'x'.repeat(254)}`)).status, 200);
      const noKey = await t.app.request('/api/dashboard/summary');
      assert.equal(noKey.status, 401, 'behind the merchant key');
      assert.equal((await t.app.request('/api/transactions/export.csv')).status, 401);
    });

    it('lists several states, given as a list or by repeating state', async () => {
      const session = sessionRecord({ merchantReference: `MULTI-${kind}` });
      await t.repository.createSession(session);
      const states = ['captured', 'refunded', 'authorized', 'captured'] as const;
      for (const [i, state] of states.entries()) {
        await t.repository.createTransaction(
          transactionRecord(session.id, {
            reference: `MULTI-${kind}-${i}`,
            state,
            merchantReference: session.merchantReference,
            createdAt: `2025-05-0${i + 1}T00:00:00.000Z`,
          }),
        );
      }
      const expected = [`MULTI-${kind}-3`, `MULTI-${kind}-1`, `MULTI-${kind}-0`];
      for (const query of ['state=captured,refunded', 'state=captured&state=refunded', 'state=refunded,%20captured']) {
        const page = await json<List>(`/api/transactions?q=MULTI-${kind}&${query}`);
        assert.deepEqual(
          page.data.map((x) => x.reference),
          expected,
          query,
        );
      }
      const first = await json<List>(`/api/transactions?session=${session.id}&state=captured,refunded&limit=2`);
      const rest = await json<List>(
        `/api/transactions?session=${session.id}&state=captured,refunded&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
      );
      assert.deepEqual(
        [...first.data, ...rest.data].map((x) => x.reference),
        expected,
      );
      assert.equal(rest.nextCursor, null);
    });

    it('exports the filter as CSV, streamed over several pages: header, amounts, escaping, no formulas', async () => {
      const session = sessionRecord({
        merchantReference: '=HYPERLINK("http://evil.example","click")',
        description: 'Line one, "quoted"\nline two',
        customer: { id: '@admin', email: 'Tab@Example.com' },
      });
      await t.repository.createSession(session);
      const total = EXPORT_PAGE_SIZE + 37;
      const sameInstant = '2025-04-01T10:00:00.000Z';
      for (let i = 0; i < total; i++) {
        await t.repository.createTransaction(
          transactionRecord(session.id, {
            reference: `CSV${kind}${String(i).padStart(4, '0')}`,
            // Most rows share one created_at: the export's cursor must neither skip nor repeat them.
            createdAt: i % 50 === 0 ? `2025-04-01T09:${String(i % 60).padStart(2, '0')}:00.000Z` : sameInstant,
            state: i === 1 ? 'draft' : 'captured',
            amount: i === 0 ? 5 : 1999,
            capturedAmount: i === 0 ? 5 : 1999,
            currency: i === 2 ? 'JPY' : 'EUR',
            customerId: '@admin',
            customerEmail: 'Tab@Example.com',
            merchantReference: session.merchantReference,
            brand: 'VISA',
            cardNumber: 'XXXXXXXXXXXX0005',
          }),
        );
      }
      const response = await t.api(`/api/transactions/export.csv?session=${session.id}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(response.headers.get('content-disposition'), 'attachment; filename="transactions-2025-06-01.csv"');
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for spreadsheet programs');
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      const [header, ...rows] = parseCsv(text.slice(1));
      assert.deepEqual(header, [...EXPORT_COLUMNS]);
      assert.equal(rows.length, total - 1, 'every page, the draft left out');
      const references = rows.map((r) => r[0]!);
      assert.equal(new Set(references).size, references.length, 'none repeated');
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page: List = await json<List>(
          `/api/transactions?session=${session.id}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        listed.push(...page.data.map((x) => x.reference));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(references, listed, 'the same rows in the same order as the list');
      const byRef = new Map(rows.map((r) => [r[0]!, Object.fromEntries(header!.map((name, i) => [name, r[i]!]))]));
      const cheap = byRef.get(`CSV${kind}0000`)!;
      assert.equal(cheap.amount, '0.05');
      assert.equal(cheap.amount_minor, '5');
      assert.equal(cheap.captured, '0.05');
      assert.equal(cheap.refunded, '0.00');
      assert.equal(byRef.get(`CSV${kind}0002`)!.amount, '1999', 'JPY has no decimals');
      const row = byRef.get(`CSV${kind}0003`)!;
      assert.equal(row.merchant_reference, `'=HYPERLINK("http://evil.example","click")`, 'a formula is neutralised');
      assert.equal(row.customer_id, "'@admin");
      assert.equal(row.customer_email, 'Tab@Example.com', 'as the shopper typed it');
      assert.equal(row.description, 'Line one, "quoted"\nline two', 'commas, quotes and line breaks survive');
      assert.equal(row.card_brand, 'VISA');
      assert.equal(row.card_last4, '0005');
      assert.equal(row.state, 'captured');
      assert.equal(row.currency, 'EUR');

      const filtered = parseCsv(
        (await (await t.api(`/api/transactions/export.csv?q=${encodeURIComponent(`CSV${kind}0003`)}`)).text()).slice(1),
      );
      assert.deepEqual(
        filtered.slice(1).map((r) => r[0]),
        [`CSV${kind}0003`],
        'the same filters as the list',
      );
      const drafts = parseCsv(await (await t.api(`/api/transactions/export.csv?session=${session.id}&state=draft`)).text());
      assert.deepEqual(
        drafts.slice(1).map((r) => r[0]),
        [`CSV${kind}0001`],
      );
    });

    it('shows a transaction with its customer, description, operations, feedback and events, bounded', async () => {
      const reference = await newHostedAttempt(t, {
        amount: 4200,
        currency: 'EUR',
        reference: `DETAIL-${kind}`,
        description: 'A detailed order',
        customer: { id: `cust-detail-${kind}`, email: 'd@example.com', name: 'Dee Tail' },
      });
      await feedback(reference, 5, { amount: '42' });
      // More feedback than the detail shows: distinct parameters, so none is merged as a repeat.
      for (let i = 0; i < DETAIL_FEEDBACK_LIMIT; i++) await feedback(reference, 5, { amount: '42', ACCEPTANCE: `acc${i}` });
      await t.repository.mutateTransaction(reference, (current) => ({
        operations: {
          insert: [
            {
              id: `op_${kind}_1`,
              reference: current.reference,
              kind: 'capture',
              operation: 'SAS',
              amount: 4200,
              status: 'done',
              ogoneStatus: 9,
              payidSub: 1,
              ncError: '0',
              idempotencyKey: null,
              createdAt: '2025-06-01T09:00:00.000Z',
              updatedAt: '2025-06-01T09:00:02.000Z',
            },
          ],
        },
        result: null,
      }));
      const events = await t.repository.insertEvents(
        Array.from({ length: DETAIL_EVENTS_LIMIT + 1 }, (_, i) => ({ type: 'payment.updated', reference, data: { n: i } })),
      );
      await t.repository.recordDelivery(events[0]!.id, { statusCode: 503, error: null, ok: false }, { status: 'failed' });

      const detail = await json<Record<string, any>>(`/api/transactions/${reference}`);
      assert.deepEqual(detail.customer, { id: `cust-detail-${kind}`, email: 'd@example.com', name: 'Dee Tail' });
      assert.equal(detail.description, 'A detailed order');
      assert.equal(detail.merchantReference, `DETAIL-${kind}`);
      assert.equal(detail.state, 'authorized');
      assert.equal(detail.cardNumber, 'XXXXXXXXXXXX1111');
      assert.deepEqual(detail.operations, [
        {
          id: `op_${kind}_1`,
          kind: 'capture',
          operation: 'SAS',
          amount: 4200,
          status: 'done',
          ogoneStatus: 9,
          payidSub: 1,
          platformReference: '3014726/1',
          ncError: '0',
          origin: 'ogone_checkout',
          final: false,
          requestedAt: '2025-06-01T09:00:00.000Z',
          completedAt: '2025-06-01T09:00:02.000Z',
        },
      ]);
      assert.equal(detail.captureClosed, false, 'an SAS recorded without a named part closes nothing beyond the whole amount');
      assert.equal(detail.feedback.length, DETAIL_FEEDBACK_LIMIT);
      assert.equal(detail.feedbackTruncated, true);
      assert.equal(detail.feedback[0].params.ACCEPTANCE, `acc${DETAIL_FEEDBACK_LIMIT - 1}`, 'newest first');
      assert.equal(detail.events.length, DETAIL_EVENTS_LIMIT);
      assert.equal(detail.eventsTruncated, true);
      const failed = detail.events.find((e: { id: string }) => e.id === events[0]!.id);
      assert.equal(failed, undefined, 'the oldest event is past the bound');
      assert.ok(detail.events.every((e: { deliveries: unknown[] }) => Array.isArray(e.deliveries)));

      // A second page of the same events lists the rest, with the failed attempt, and redelivers it.
      const older = await json<{ data: Array<{ id: string; delivery: { status: string }; deliveries: Array<{ statusCode: number }> }> }>(
        `/api/events?reference=${reference}&limit=100`,
      );
      const oldest = older.data.find((e) => e.id === events[0]!.id)!;
      assert.equal(oldest.delivery.status, 'failed');
      assert.deepEqual(
        oldest.deliveries.map((d) => d.statusCode),
        [503],
      );
      // Redelivering a failed delivery: a double click queues one delivery. (Its own payment, so
      // no older pending event of the same payment holds it back: the outbox keeps their order.)
      const [lone] = await t.repository.insertEvents([{ type: 'payment.captured', reference: `LONE-${kind}`, data: {} }]);
      // Delivered by the dispatcher's steps: claimed (an attempt counted), then its failure recorded.
      assert.ok((await t.repository.claimDueEvents({ limit: 1000, leaseMs: 60_000 })).some((e) => e.id === lone!.id));
      await t.repository.recordDelivery(lone!.id, { statusCode: 500, error: null, ok: false }, { status: 'failed' });
      const clicks = await Promise.all([1, 2].map(() => t.api(`/api/events/${lone!.id}/redeliver`, { method: 'POST' })));
      assert.deepEqual(
        clicks.map((r) => r.status),
        [202, 202],
      );
      const claimed = await t.repository.claimDueEvents({ limit: 1000, leaseMs: 60_000 });
      assert.equal(claimed.filter((e) => e.id === lone!.id).length, 1, 'a double click queues one delivery');
      assert.equal((await t.api(`/api/events/${lone!.id}/redeliver`, { method: 'POST' })).status, 202);
      const again = await t.repository.claimDueEvents({ limit: 1000, leaseMs: 60_000 });
      assert.equal(again.filter((e) => e.id === lone!.id).length, 0, 'a click while it is in flight joins it');

      const small = await newHostedAttempt(t, { amount: 100, currency: 'EUR' });
      const plain = await json<Record<string, any>>(`/api/transactions/${small}`);
      assert.equal(plain.customer, null);
      assert.deepEqual(plain.operations, []);
      assert.equal(plain.feedbackTruncated, false);
      assert.equal(plain.eventsTruncated, false);
    });

    it('summarises the last days by the database, against hand-computed figures', async () => {
      const fresh = await createTestDatabase(kind);
      const s = await createTestApp(fresh);
      try {
        const session = sessionRecord();
        await s.repository.createSession(session);
        const rows = [
          { createdAt: '2025-05-31T00:00:00.000Z', state: 'captured', amount: 1000, capturedAmount: 1000 },
          { createdAt: '2025-05-31T22:00:00.000Z', state: 'refunded', amount: 2500, capturedAmount: 2500, refundedAmount: 2500 },
          { createdAt: '2025-06-01T08:59:00.000Z', state: 'draft', amount: 700 },
          { createdAt: '2025-06-01T08:00:00.000Z', state: 'declined', amount: 300 },
          { createdAt: '2025-06-01T07:00:00.000Z', state: 'captured', amount: 120, capturedAmount: 120, currency: 'USD' },
          { createdAt: '2025-06-01T06:00:00.000Z', state: 'authorized', amount: 999, needsAttention: true },
          { createdAt: '2025-05-30T23:59:59.999Z', state: 'captured', amount: 777, capturedAmount: 777 },
        ] as const;
        for (const [i, row] of rows.entries()) {
          await s.repository.createTransaction(transactionRecord(session.id, { reference: `SUM${i}`, ...row }));
        }
        const [event] = await s.repository.insertEvents([{ type: 'payment.captured', reference: 'SUM0', data: {} }]);
        await s.repository.recordDelivery(event!.id, { statusCode: 500, error: null, ok: false }, { status: 'failed' });

        const response = await s.api('/api/dashboard/summary?days=2');
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), {
          days: 2,
          currency: null,
          from: '2025-05-31T00:00:00.000Z',
          to: '2025-06-02T00:00:00.000Z',
          daily: [
            { date: '2025-05-31', currency: 'EUR', payments: 2, capturedCount: 2, capturedAmount: 3500, refundedAmount: 2500 },
            { date: '2025-05-31', currency: 'USD', payments: 0, capturedCount: 0, capturedAmount: 0, refundedAmount: 0 },
            { date: '2025-06-01', currency: 'EUR', payments: 2, capturedCount: 0, capturedAmount: 0, refundedAmount: 0 },
            { date: '2025-06-01', currency: 'USD', payments: 1, capturedCount: 1, capturedAmount: 120, refundedAmount: 0 },
          ],
          states: {
            draft: 1,
            pending: 0,
            authorized: 1,
            captured: 2,
            partially_refunded: 0,
            refunded: 1,
            cancelled: 0,
            declined: 1,
            error: 0,
            expired: 0,
          },
          needsAttention: 1,
          failedDeliveries: 1,
          livemode: false,
        });
        const usd = (await (await s.api('/api/dashboard/summary?days=1&currency=USD')).json()) as Record<string, any>;
        assert.deepEqual(usd.daily, [
          { date: '2025-06-01', currency: 'USD', payments: 1, capturedCount: 1, capturedAmount: 120, refundedAmount: 0 },
        ]);
        assert.equal(usd.needsAttention, 0);
        const fortnight = (await (await s.api('/api/dashboard/summary')).json()) as Record<string, any>;
        assert.equal(fortnight.days, 14);
        assert.equal(fortnight.daily.length, 14 * 2, 'every day of the window, for each currency seen');
        assert.equal(
          fortnight.daily.find((d: { date: string; currency: string }) => d.date === '2025-05-30' && d.currency === 'EUR').capturedAmount,
          777,
        );
      } finally {
        await s.close();
        await fresh.drop();
      }
    });
  });
}
