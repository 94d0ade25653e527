/**
 * `alias.deleted` carries its payment's reference, and the outbox sends a payment's events in id
 * order, the older first. On PostgreSQL, an event of the payment still being written (its row
 * locked, as every payment write locks it, not yet committed) was missed by the deletion's read of
 * the payment's newest event: `alias.deleted`, committed first, was the payment's only pending event
 * and went out before it. The deletion now waits for the payment's row lock, as a payment's own
 * writes do (repository/alias-deletions.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

describe('alias.deleted while a write of its payment is uncommitted, on postgres', () => {
  let client: pg.Client;

  after(async () => {
    await client?.end();
  });
  const t = useTestApp('postgres');
  before(async () => {
    client = new pg.Client({ connectionString: t.database.env.DATABASE_URL });
    await client.connect();
  });

  it('is written only once the payment write committed', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer: { id: 'cust_lock' } });
    const at = new Date().toISOString();
    await client.query(
      `insert into aliases (id, customer_id, alias, brand, card_number, last4, expiry, card_holder, reference, created_at, deleted_at)
       values ('alias_lock1', 'cust_lock', 'OC-LOCK-1', 'VISA', 'XXXXXXXXXXXX1111', '1111', '1230', null, $1, $2, null)`,
      [reference, at],
    );
    const card = await t.repository.getAlias('alias_lock1');
    assert.ok(card, 'precondition: the saved card');
    assert.ok(await t.repository.requestAliasDeletion(card.id, at));
    const [claimed] = await t.repository.claimAliasDeletions({ now: at, limit: 1, leaseMs: 30_000, id: card.id });
    assert.ok(claimed, 'precondition: the deletion claimed, as the deleter claims it');

    // A write of the payment under way: its row locked, as mutateTransaction locks it.
    await client.query('begin');
    await client.query('select reference from transactions where reference = $1 for update', [reference]);
    const recorded = t.repository.recordAliasDeletion(card.id, {
      ok: true,
      at,
      claim: claimed,
      event: (deleted) => ({ type: 'alias.deleted', reference: deleted.reference, data: { id: deleted.id } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = (await t.repository.listEvents({ limit: 20 })).items.filter((event) => event.type === 'alias.deleted');
    await client.query('commit');
    assert.equal(await recorded, true);
    assert.equal(during.length, 0, 'alias.deleted was committed while a write of its payment was still under way');
    const afterwards = (await t.repository.listEvents({ limit: 20 })).items.filter((event) => event.type === 'alias.deleted');
    assert.equal(afterwards.length, 1);
  });
});
