/**
 * Requests that reach the same statement in one event-loop turn share one statement (issue 17):
 * the session reads of a turn are one SELECT (repository/sessions.ts), PostgreSQL's new payments
 * of a turn one INSERT (repository/transaction-insert-batch.ts). Under load the requests of a
 * moment do not all reach that point in the same turn — they arrive a few per turn, one after the
 * other — so, as SQLite's group commit does (db/group-commit.ts), a batch keeps gathering while
 * each turn brings it members, for at most `gatherMs`, and goes at the end of the first turn that
 * brings none. Every round trip saved is a socket write and a statement less for the server and
 * the database; a request alone waits one more turn of an idle loop — microseconds.
 */
export interface TurnBatchOptions {
  /** Members a batch holds at most: a full batch goes without waiting for its turn to end. */
  max: number;
  /** How long after its first member a batch may keep gathering the turns that follow. */
  gatherMs: number;
  /** The clock gatherMs is read on, milliseconds (tests); performance.now by default. */
  now?: () => number;
}

/** Returns `add`: each member added goes, with the others of its batch, to one call of `flush`. */
export function turnBatch<M>(flush: (members: M[]) => void, options: TurnBatchOptions): (member: M) => void {
  const now = options.now ?? (() => performance.now());
  let open: M[] | null = null;
  const start = () => {
    const members: M[] = [];
    const opened = now();
    let seen = 0;
    const endOfTurn = () => {
      if (open === members && members.length > seen && members.length < options.max && now() - opened < options.gatherMs) {
        seen = members.length;
        setImmediate(endOfTurn);
        return;
      }
      if (open === members) open = null;
      flush(members);
    };
    setImmediate(endOfTurn);
    return members;
  };
  return (member) => {
    if (open === null || open.length >= options.max) open = start();
    open.push(member);
  };
}
