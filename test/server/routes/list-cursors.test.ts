/**
 * Guards review r1020 (finding 4): a list's cursor names that list. The event, saved-card and
 * button lists are ordered by id and their cursor is the last item's id (repository/cursor.ts
 * `idCursor`); another list's cursor, or one holding a key no id of ours holds (half a surrogate
 * pair), is a 400 naming `cursor`, as GET /api/transactions answers. Before, any one-string
 * cursor was taken as a bound: the saved-card list's nextCursor (`alias_…`) on GET /api/events
 * answered `{ data: [], nextCursor: null }` — "no more events" — while the merchant had events,
 * and an events cursor on the saved-card list answered its first page again.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';
import { encodeCursor } from '../../../server/repository/cursor.ts';

/** A card saved by a paid payment, as test/support/records.ts savedCardRecord, with its own last four digits. */
async function savedCard(repository: Repository, customerId: string, alias: string, last4: string): Promise<void> {
  const session = sessionRecord();
  await repository.createSession(session);
  const payment = transactionRecord(session.id);
  await repository.createTransaction(payment);
  await repository.mutateTransaction(payment.reference, () => ({
    alias: {
      record: {
        customerId,
        alias,
        brand: 'VISA',
        cardNumber: `XXXXXXXXXXXX${last4}`,
        last4,
        expiry: '12/30',
        cardHolder: null,
        reference: payment.reference,
      },
      event: (a) => ({ type: 'alias.created', reference: null, data: a }),
    },
    result: null,
  }));
}

for (const kind of DATABASE_KINDS) {
  describe(`list cursors from another list on ${kind}`, () => {
    const t = useTestApp(kind);
    before(async () => {
      // Two saved cards of one customer: each one announced by an `alias.created` event.
      await savedCard(t.repository, 'cust-cursor', 'ALIAS-CURSOR-1', '1111');
      await savedCard(t.repository, 'cust-cursor', 'ALIAS-CURSOR-2', '4444');
    });

    it('GET /api/events refuses the saved-card list’s cursor (400 naming cursor) instead of an empty last page', async () => {
      const events = (await (await t.api('/api/events')).json()) as { data: unknown[] };
      assert.ok(events.data.length >= 2, 'the merchant has events');

      const cards = await t.api('/api/customers/cust-cursor/aliases?limit=1');
      assert.equal(cards.status, 200);
      const { nextCursor } = (await cards.json()) as { nextCursor: string | null };
      assert.ok(nextCursor, 'the saved-card list has a next page');

      const response = await t.api(`/api/events?cursor=${encodeURIComponent(nextCursor)}`);
      const body = (await response.json()) as { data?: unknown[]; nextCursor?: unknown; error?: { field?: string } };
      assert.equal(
        response.status,
        400,
        `a saved card's cursor on the events list: ${response.status} ${JSON.stringify(body)} — an empty last page says "no more events"`,
      );
      assert.equal(body.error?.field, 'cursor');
    });

    it('GET /api/customers/:id/aliases refuses an events cursor (400 naming cursor)', async () => {
      const events = await t.api('/api/events?limit=1');
      const { nextCursor } = (await events.json()) as { nextCursor: string | null };
      assert.ok(nextCursor, 'the events list has a next page');
      const response = await t.api(`/api/customers/cust-cursor/aliases?cursor=${encodeURIComponent(nextCursor)}`);
      const body = await response.text();
      assert.equal(response.status, 400, `an event's cursor on the saved-card list: ${response.status} ${body}`);
      assert.equal((JSON.parse(body) as { error?: { field?: string } }).error?.field, 'cursor');
    });

    it('GET /api/buttons refuses an events cursor (400 naming cursor) and still pages with its own', async () => {
      for (const name of ['Coffee', 'Tea']) {
        const created = await t.api('/api/buttons', { method: 'POST', json: { name, amount: 350, currency: 'EUR' } });
        assert.equal(created.status, 201);
      }
      const events = await t.api('/api/events?limit=1');
      const { nextCursor } = (await events.json()) as { nextCursor: string | null };
      assert.ok(nextCursor, 'the events list has a next page');
      const response = await t.api(`/api/buttons?cursor=${encodeURIComponent(nextCursor)}`);
      const body = await response.text();
      assert.equal(response.status, 400, `an event's cursor on the button list: ${response.status} ${body}`);
      assert.equal((JSON.parse(body) as { error?: { field?: string } }).error?.field, 'cursor');

      const first = (await (await t.api('/api/buttons?limit=1')).json()) as { nextCursor: string | null };
      assert.ok(first.nextCursor, 'the button list has a next page');
      const second = await t.api(`/api/buttons?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`);
      assert.equal(second.status, 200, 'the list’s own cursor still works');
      assert.equal(((await second.json()) as { data: unknown[] }).data.length, 1);
    });

    it('GET /api/events refuses a cursor holding half a surrogate pair (no id of ours does)', async () => {
      const response = await t.api(`/api/events?cursor=${encodeCursor(['\ud800'])}`);
      const body = await response.text();
      assert.equal(response.status, 400, `${response.status} ${body}`);
      assert.equal((JSON.parse(body) as { error?: { field?: string } }).error?.field, 'cursor');
    });
  });
}
