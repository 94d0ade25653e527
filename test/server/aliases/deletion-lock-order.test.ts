/**
 * `recordAliasDeletion` on PostgreSQL takes the payment's row lock before it updates the alias row,
 * in the order a write of that payment takes them: mutateTransaction locks the payment's row
 * first, then its decision's saved card (every feedback of an authorised / captured payment that
 * asked for the alias carries it, a replayed redirect too) INSERTs the alias ON CONFLICT (alias)
 * DO NOTHING, which waits for an uncommitted UPDATE of that alias's row. Taken the other way round,
 * each waited for the other and PostgreSQL aborted one with "deadlock detected".
 *
 * The interleaving is forced with the lock the real insertSavedCard takes between the two
 * (pg_advisory_xact_lock on the customer), held for a moment by the test: nothing else is staged.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { savedCardRecord } from '../../support/records.ts';
import { useTestRepository } from '../../support/test-repository.ts';

async function waitFor(client: pg.Client, sql: string, params: unknown[], what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await client.query(sql, params);
    if (Number(rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting: ${what}`);
}

describe('alias.deleted recorded while a write of its payment saves the same card, on postgres', () => {
  const store = useTestRepository('postgres');

  it('both the payment write and the deletion commit (no deadlock)', async () => {
    const { repository, database } = store;
    const customerId = 'cust-lock-order';
    const aliasName = 'OC-LOCK-ORDER';
    const id = await savedCardRecord(repository, customerId, aliasName);
    const card = await repository.getAlias(id);
    assert.ok(card?.reference, 'precondition: the saved card names its payment');
    const reference = card.reference;
    const at = new Date().toISOString();
    assert.ok(await repository.requestAliasDeletion(id, at));
    const [claimed] = await repository.claimAliasDeletions({ now: at, limit: 1, leaseMs: 30_000, id });
    assert.ok(claimed, 'precondition: the deletion claimed, as the deleter claims it');

    const control = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await control.connect();
    try {
      // Hold insertSavedCard's own customer lock for a moment, so the payment write is inside it
      // (its row locked) when the deletion starts.
      await control.query('begin');
      await control.query('select pg_advisory_xact_lock(hashtext($1))', [`saved-card:${customerId}`]);

      // A replayed feedback of the payment that saved the card: its decision records the card again.
      const paymentWrite = repository.mutateTransaction(reference, () => ({
        alias: {
          record: {
            customerId,
            alias: aliasName,
            brand: 'VISA',
            cardNumber: 'XXXXXXXXXXXX1111',
            last4: '1111',
            expiry: '12/30',
            cardHolder: null,
            reference,
          },
          event: (a) => ({ type: 'alias.created', reference, data: a }),
        },
        result: null,
      }));
      await waitFor(
        control,
        `select count(*) as n from pg_locks where locktype = 'advisory' and not granted`,
        [],
        'the payment write waiting inside insertSavedCard',
      );

      // The platform confirmed the DELALIAS: the deletion is recorded.
      const deletion = repository.recordAliasDeletion(id, {
        ok: true,
        at,
        claim: claimed,
        event: (deleted) => ({ type: 'alias.deleted', reference: deleted.reference, data: { id: deleted.id } }),
      });
      await waitFor(
        control,
        `select count(*) as n from pg_locks where locktype <> 'advisory' and not granted`,
        [],
        'the deletion waiting for the payment row',
      );

      await control.query('commit');
      const [written, deleted] = await Promise.allSettled([paymentWrite, deletion]);
      const why = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? String((r.reason as Error)?.message ?? r.reason) : 'ok');
      assert.equal(written.status, 'fulfilled', `the payment write failed: ${why(written)}`);
      assert.equal(deleted.status, 'fulfilled', `the deletion's record failed: ${why(deleted)}`);
      assert.equal((await repository.getAlias(id))?.deletionStatus, 'done');
    } finally {
      await control.query('rollback').catch(() => undefined);
      await control.end();
    }
  });
});
