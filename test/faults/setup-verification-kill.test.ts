/**
 * A setup session's card verification authorised by the DirectLink answer to its own order
 * (aliases/setup-return.ts verify → aliases/order.ts sendAliasOrder → feedback/apply-answer.ts)
 * owes its automatic cancel (DES), which runs in the background after that answer's write
 * (maintenance/setup-verification.ts). decide.ts sets `syncNeeded` on such a verification exactly
 * so that "should this process die before the cancel is recorded, the reconciler's sync brings its
 * review back" — and applyAnswer, which works syncNeeded out again, keeps it for a verification
 * still authorised (reviewOwed). Written false, a process killed between the answer's commit and
 * the cancel's reservation left an `authorized` verification, last STATUS 5 (final), sync_needed
 * 0: the reconciler never selected it, the 1.00 stayed held on the shopper's card.
 *
 * As in test/faults/duplicate-review-kill.test.ts, a PostgreSQL trigger holds the write that would
 * record the cancel (the maintenance_operations insert), so the state a kill would leave behind is
 * read while the review is stuck in that window.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { eventually } from '../support/waiting.ts';
import { startFlowServer, type FlowServer } from '../flows/helpers.ts';
import { saveBySetup, SUCCESS } from '../flows/setup-helpers.ts';

describe('setup verification authorised by the DirectLink answer, killed before its cancel is recorded (postgres)', () => {
  let flow: FlowServer;
  let client: pg.Client;

  before(async () => {
    flow = await startFlowServer('postgres', { reconciler: { intervalMs: 0 } });
    client = new pg.Client({ connectionString: flow.database.env.DATABASE_URL });
    await client.connect();
  });
  after(async () => {
    await client
      ?.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and wait_event = 'PgSleep'`,
      )
      .catch(() => undefined);
    await client?.end().catch(() => undefined);
    await flow?.close();
  });

  it('leaves the verification for the reconciler (sync_needed) while its cancel is not recorded', async () => {
    // The review's reservation of the cancel is held: a process killed now has recorded nothing of it.
    // Held far longer than the wait below and the read may take on a loaded machine (`after` ends
    // it): a hold run out before the row is read lets the cancel through.
    await client.query(`
      create function verification_hold_op() returns trigger language plpgsql as $$
      begin perform pg_sleep(120); return new; end $$;
      create trigger verification_hold_op before insert on maintenance_operations
        for each row execute function verification_hold_op();
    `);
    const { reference, landing } = await saveBySetup(flow, 'cust-verification-kill');
    assert.equal(landing.location, `${SUCCESS}&reference=${reference}`, landing.text);
    await eventually(
      async () =>
        (
          await client.query(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`,
          )
        ).rows[0].n,
      (n: number) => n > 0,
      'the cancel reservation held',
      // The background review's few statements on a loaded machine: the deadline only bounds a hang.
      { timeoutMs: 45_000, intervalMs: 50 },
    );
    const row = (await client.query('select state, last_status, sync_needed from transactions where reference = $1', [reference])).rows[0];
    // Unstick the held review (its rollback is what a kill leaves), then remove the hold.
    await client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and wait_event = 'PgSleep'`,
    );
    await client.query('drop trigger verification_hold_op on maintenance_operations; drop function verification_hold_op()');
    assert.equal(row.state, 'authorized');
    assert.equal(
      row.sync_needed,
      1,
      `the verification owes its cancel, yet its answer's write left state ${row.state}, last_status ${row.last_status}, ` +
        `sync_needed ${row.sync_needed}: killed now, no reconciler round ever selects it again`,
    );
  });
});
