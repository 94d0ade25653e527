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
  /** Members a batch holds at most: a full batch gathers no further turn, it goes at the end of its own. */
  max: number;
  /** How long after its first member a batch may keep gathering the turns that follow. */
  gatherMs: number;
  /** The clock gatherMs is read on, milliseconds (tests); performance.now by default. */
  now?: () => number;
}

/**
 * Calls `end` once, at the end of this event-loop turn — or of a following one while each turn grew
 * `size()`, it stays under `max` and within `gatherMs` of now: the first turn that brings nothing
 * ends the gathering. The one rule behind turnBatch below and SQLite's group commit (db/group-commit.ts).
 */
export function endOfGatheringTurns(size: () => number, options: TurnBatchOptions, end: () => void): void {
  const now = options.now ?? (() => performance.now());
  const opened = now();
  let seen = 0;
  const endOfTurn = () => {
    const current = size();
    if (current > seen && current < options.max && now() - opened < options.gatherMs) {
      seen = current;
      setImmediate(endOfTurn);
      return;
    }
    end();
  };
  setImmediate(endOfTurn);
}

/** Returns `add`: each member added goes, with the others of its batch, to one call of `flush`. */
export function turnBatch<M>(flush: (members: M[]) => void, options: TurnBatchOptions): (member: M) => void {
  let open: M[] | null = null;
  return (member) => {
    if (open === null || open.length >= options.max) {
      // A full batch stops gathering (size ≥ max) and goes at the end of its turn.
      const members: M[] = [];
      open = members;
      endOfGatheringTurns(
        () => members.length,
        options,
        () => {
          if (open === members) open = null;
          flush(members);
        },
      );
    }
    open.push(member);
  };
}
