/**
 * Issue 17: on PostgreSQL a sign's session read and payment insert run as named prepared
 * statements (db/compiled-query.ts runPrepared) — parsed and planned once per connection, then only
 * bound and executed. On a one-connection pool the statements are seen in pg_prepared_statements,
 * one per SQL text however often they run, and they read and write what Kysely's would. Batches
 * larger than MAX_PREPARED_ROWS run unnamed: PostgreSQL keeps every prepared statement for the
 * connection's life, one per row count.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { MAX_PREPARED_ROWS } from '../../../server/db/compiled-query.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { statementsSent } from '../../support/pg-statements.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

describe('prepared sign statements on postgres', () => {
  const clock = manualClock(new Date('2026-11-23T10:00:00.000Z'));
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let repository: Repository;

  before(async () => {
    database = await createTestDatabase('postgres');
    const options = database.options;
    assert.equal(options.kind, 'postgres');
    // One connection: every statement below is prepared on the connection the check reads.
    handle = openDatabase({ ...options, poolSize: 1 });
    await migrateToLatest(handle.db);
    repository = createKyselyRepository(handle, { clock });
  });
  after(async () => {
    await repository?.close();
    await database?.drop();
  });

  async function prepared(): Promise<Array<{ name: string; statement: string }>> {
    const { rows } = await handle.pgPool!.query(
      `select name, statement from pg_prepared_statements where name like 'oc\\_hot\\_%' order by name`,
    );
    return rows as Array<{ name: string; statement: string }>;
  }

  it('reads sessions and inserts payments through one prepared statement per text', async () => {
    const sessions = [sessionRecord(), sessionRecord()];
    for (const session of sessions) await repository.createSession(session);

    // Read alone, three times (one turn each), then two ids in one turn: two texts.
    for (let i = 0; i < 3; i++) assert.equal((await repository.getSession(sessions[0]!.id))?.id, sessions[0]!.id);
    const both = await Promise.all([repository.getSession(sessions[0]!.id), repository.getSession(sessions[1]!.id)]);
    assert.deepEqual(
      both.map((s) => s?.id),
      sessions.map((s) => s.id),
    );
    assert.equal(await repository.getSession('cs_missing'), undefined);

    const payments = [transactionRecord(sessions[0]!.id, { state: 'draft' }), transactionRecord(sessions[0]!.id, { state: 'draft' })];
    await repository.createTransaction(payments[0]!);
    const { texts } = await statementsSent(() => repository.createTransaction(payments[1]!));
    assert.equal(texts.filter((text) => /^insert into "transactions"/.test(text)).length, 1);
    for (const payment of payments) {
      const stored = await repository.getTransaction(payment.reference);
      assert.equal(stored?.reference, payment.reference);
      assert.equal(stored?.amount, payment.amount);
      assert.equal(stored?.state, 'draft');
    }

    const statements = await prepared();
    const reads = statements.filter((s) =>
      /^select "checkout_sessions"\.\*, .* from "checkout_sessions" where "checkout_sessions"\."id"/.test(s.statement),
    );
    const inserts = statements.filter((s) => /^insert into "transactions"/.test(s.statement));
    assert.equal(reads.length, 2, 'one for a single id, one for two ids, however often each ran');
    assert.equal(inserts.length, 1, 'the one-row INSERT, prepared once for both payments');
    assert.equal(new Set(statements.map((s) => s.name)).size, statements.length);
  });

  it('prepares batches of up to MAX_PREPARED_ROWS only: a larger one runs unnamed, leaving no statement behind', async () => {
    // Each row count is a text of its own, kept prepared for the connection's life: a burst of
    // every size up to the name cap would leave ~140 MB on each pooled connection.
    const placeholders = (text: string) => (text.match(/\$\d+/g) ?? []).length;
    const sessions = Array.from({ length: MAX_PREPARED_ROWS + 4 }, () => sessionRecord());
    for (const session of sessions) await repository.createSession(session);
    const atBound = sessions.slice(0, MAX_PREPARED_ROWS);

    // One turn each: a read of MAX_PREPARED_ROWS ids, then one of MAX_PREPARED_ROWS + 4.
    const read = async (some: typeof sessions) => {
      const found = await Promise.all(some.map((session) => repository.getSession(session.id)));
      assert.deepEqual(
        found.map((session) => session?.id),
        some.map((session) => session.id),
      );
    };
    await read(atBound);
    await read(sessions);
    // The same for payments: an INSERT of MAX_PREPARED_ROWS rows, then one of MAX_PREPARED_ROWS + 4.
    const insert = async (count: number) => {
      const payments = sessions.slice(0, count).map((session) => transactionRecord(session.id, { state: 'draft' }));
      const { texts } = await statementsSent(() => Promise.all(payments.map((payment) => repository.createTransaction(payment))));
      assert.equal(texts.filter((text) => /^insert into "transactions"/.test(text)).length, 1, `${count} payments, one INSERT`);
      for (const payment of payments) assert.equal((await repository.getTransaction(payment.reference))?.amount, payment.amount);
    };
    await insert(MAX_PREPARED_ROWS);
    await insert(MAX_PREPARED_ROWS + 4);

    const statements = await prepared();
    const readSizes = statements
      .filter((s) => /^select "checkout_sessions"\.\*, .* from "checkout_sessions" where "checkout_sessions"\."id"/.test(s.statement))
      .map((s) => placeholders(s.statement));
    // Rows of a multi-row VALUES list: `values ($1, …), ($30, …)`.
    const insertRows = statements
      .filter((s) => /^insert into "transactions"/.test(s.statement))
      .map((s) => s.statement.split('), (').length);
    assert.ok(readSizes.includes(MAX_PREPARED_ROWS), `the read of ${MAX_PREPARED_ROWS} ids is prepared (${readSizes.join(', ')})`);
    assert.ok(insertRows.includes(MAX_PREPARED_ROWS), `the INSERT of ${MAX_PREPARED_ROWS} rows is prepared (${insertRows.join(', ')})`);
    assert.ok(Math.max(...readSizes) <= MAX_PREPARED_ROWS, `no larger read is prepared (${readSizes.join(', ')})`);
    assert.ok(Math.max(...insertRows) <= MAX_PREPARED_ROWS, `no larger INSERT is prepared (${insertRows.join(', ')})`);
  });

  it('a failing prepared INSERT fails its own payment only, and the statement serves the next', async () => {
    const session = sessionRecord();
    await repository.createSession(session);
    const first = transactionRecord(session.id, { state: 'draft' });
    await repository.createTransaction(first);
    await assert.rejects(repository.createTransaction(first), /duplicate key|unique/i);
    const next = transactionRecord(session.id, { state: 'draft' });
    await repository.createTransaction(next);
    assert.equal((await repository.getTransaction(next.reference))?.reference, next.reference);
  });

  it('a prepared session read survives a column added by another instance (rolling upgrade)', async () => {
    const session = sessionRecord();
    await repository.createSession(session);
    assert.equal((await repository.getSession(session.id))?.id, session.id);
    // What a newer release's migration does while this instance keeps serving: `select *` now
    // returns one more column, and PostgreSQL refuses the plan prepared before.
    await handle.pgPool!.query('alter table checkout_sessions add column rolling_upgrade_probe text');
    try {
      for (let i = 0; i < 3; i++) assert.equal((await repository.getSession(session.id))?.id, session.id);
    } finally {
      await handle.pgPool!.query('alter table checkout_sessions drop column rolling_upgrade_probe');
    }
    assert.equal((await repository.getSession(session.id))?.id, session.id);
  });
});
