/**
 * New payments on PostgreSQL, batched per event-loop turn (issue 17): the attempts signed in one
 * turn are one multi-row INSERT — one round trip and one commit (WAL flush) for all of them, as
 * SQLite's group commit does (db/group-commit.ts). Each caller is answered only after that
 * statement returned, so after its row is durable. A statement is atomic, so one bad row (a
 * reference already taken) would fail the others: then each row is inserted alone and only its
 * own failure reaches its caller.
 */
import type { Insertable, Kysely } from 'kysely';
import { isDatabaseUnavailable } from '../db/errors.ts';
import type { Database, TransactionTable } from '../db/schema.ts';

/** Rows a statement carries at most: 26 columns each, well below PostgreSQL's 65,535 parameters. */
const MAX_BATCH = 500;

interface Member {
  row: Insertable<TransactionTable>;
  resolve(): void;
  reject(error: unknown): void;
}

export function transactionInsertBatch(db: Kysely<Database>): (row: Insertable<TransactionTable>) => Promise<void> {
  let waiting: Member[] | null = null;

  const insertAlone = async (member: Member) => {
    try {
      await db.insertInto('transactions').values(member.row).execute();
      member.resolve();
    } catch (error) {
      member.reject(error);
    }
  };

  const flush = async (members: Member[]) => {
    if (members.length === 1) return insertAlone(members[0]!);
    try {
      await db
        .insertInto('transactions')
        .values(members.map((member) => member.row))
        .execute();
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        for (const member of members) member.reject(error);
        return;
      }
      await Promise.all(members.map(insertAlone));
      return;
    }
    for (const member of members) member.resolve();
  };

  return (row) =>
    new Promise<void>((resolve, reject) => {
      if (waiting === null || waiting.length >= MAX_BATCH) {
        const members: Member[] = [];
        waiting = members;
        setImmediate(() => {
          if (waiting === members) waiting = null;
          void flush(members);
        });
      }
      waiting.push({ row, resolve, reject });
    });
}
