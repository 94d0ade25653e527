/**
 * Kysely's SQLite driver with group commit. A commit costs SQLite far more than the rows it
 * writes (WAL frames for every page a row touches, the table and each index: ~60 µs for one
 * payment row here, ~20 µs each when 16 share a commit), and every payment request writes. So the
 * writes of all requests that reach the database in one turn of the event loop share one SQLite
 * transaction, committed at the end of that turn (`setImmediate`) — or of a following one while
 * each turn brings more writes, for at most GATHER_MS, or while fewer writes came than the recent
 * batches had, for at most one COMMIT's duration:
 *
 * - each Kysely transaction is a SAVEPOINT inside it, so one that fails rolls back alone;
 * - a write, or a Kysely transaction, resolves only after the COMMIT that holds it: nobody is
 *   answered before their data is durable, and if the COMMIT fails every write in it fails; a
 *   transaction that fails is reported after that COMMIT too (it read the batch's writes);
 * - reads outside a transaction go to a second, read-only connection, which sees committed data
 *   only (WAL readers do not block the writer): nobody observes a write that may yet fail.
 *
 * Kysely transactions still run one at a time on the writer (they await between statements, and
 * a statement of another request must not land inside their savepoint). The open SQLite
 * transaction takes the database's write lock (`BEGIN IMMEDIATE`), like before, until its last
 * gathering turn (at most GATHER_MS, or one COMMIT's duration up to MAX_WAIT_MS) or `maxBatch` writes.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { statementCache } from './statement-cache.ts';
import { endOfGatheringTurns } from './turn-batch.ts';

export interface GroupCommitOptions {
  /** The connection that writes (and runs transactions). */
  writer: BetterSqlite3.Database;
  /** A second connection to the same file for reads outside transactions; the writer when omitted. */
  reader?: BetterSqlite3.Database;
  /** Writes (statements or transactions) after which the batch commits without waiting for the end of the turn. Default 64. */
  maxBatch?: number;
  /** Told the number of writes of each committed batch (the metrics' batch-size histogram). */
  onBatchCommitted?: (writes: number) => void;
}

interface Batch {
  writes: number;
  /** The event-loop turn that opened it is over: it commits as soon as nobody holds the writer. */
  turnEnded: boolean;
  committed: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

const SAVEPOINT = 'oc_group_member';
/**
 * How long a batch may keep gathering the writes of the turns that follow its first. The commit
 * (its fsync) blocks the event loop, so every commit saved is time for requests: on the
 * benchmark's signs, batches that gather while writes keep coming took the route from ~6,000 to
 * ~7,500 req/s (issue 17). A write alone waits one more turn of an idle loop — microseconds.
 */
const GATHER_MS = 2;
/**
 * A write that misses its batch costs the next one a COMMIT of its own, whose fsync blocks the
 * event loop (3–4 ms on the benchmark's disk, issue 17). Under load the writers of a moment are
 * answered together and come back together, but a few per turn: a batch that ends at the first
 * turn bringing nothing left a quarter of them to a batch of their own (12 writes per commit of
 * 16 in flight). So while a batch holds fewer writes than the largest of the last RECENT_BATCHES,
 * it waits for the rest — on a timer, the loop free for their requests — as long as each
 * millisecond brings some, for at most the last COMMIT's duration (never more than MAX_WAIT_MS):
 * never longer than the COMMIT a straggler would cost. Spaced requests (half load) stop waiting
 * at the first millisecond that brings none; a write alone after a quiet spell (recent batches
 * of one) does not wait.
 */
const RECENT_BATCHES = 8;
const MAX_WAIT_MS = 10;

export class GroupCommitDialect extends SqliteDialect {
  readonly #options: GroupCommitOptions;
  constructor(options: GroupCommitOptions) {
    super({ database: options.writer as never });
    this.#options = options;
  }
  override createDriver(): Driver {
    return new GroupCommitDriver(this.#options);
  }
}

class GroupCommitDriver implements Driver {
  readonly #writer: BetterSqlite3.Database;
  readonly #reader: BetterSqlite3.Database;
  readonly #prepareWriter: (sql: string) => BetterSqlite3.Statement;
  readonly #prepareReader: (sql: string) => BetterSqlite3.Statement;
  readonly #maxBatch: number;
  readonly #onBatchCommitted: ((writes: number) => void) | undefined;
  #batch: Batch | null = null;
  /** Writes of the last RECENT_BATCHES commits (a ring) and how long the last COMMIT took. */
  readonly #recent: number[] = [];
  #recentNext = 0;
  #lastCommitMs = 0;
  /** The connection holding the writer (a Kysely transaction or a write in progress), and who waits for it. */
  #owner: Connection | null = null;
  #waiting: Array<{ grant(): void; refuse(error: Error): void }> = [];
  #closed = false;

  constructor(options: GroupCommitOptions) {
    this.#writer = options.writer;
    this.#reader = options.reader ?? options.writer;
    this.#prepareWriter = statementCache(this.#writer);
    this.#prepareReader = this.#reader === this.#writer ? this.#prepareWriter : statementCache(this.#reader);
    this.#maxBatch = options.maxBatch ?? 64;
    this.#onBatchCommitted = options.onBatchCommitted;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const member = connection as Connection;
    await this.lock(member);
    try {
      this.#openBatch();
      this.#writer.exec(`savepoint ${SAVEPOINT}`);
      member.inTransaction = true;
    } catch (error) {
      this.#afterError();
      this.unlock(member);
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const member = connection as Connection;
    member.inTransaction = false;
    await this.#writeThenWait(member, () => {
      const batch = this.#batch;
      if (!batch || !this.#writer.inTransaction)
        throw new Error('the database transaction was rolled back by SQLite (see the earlier error)');
      this.#writer.exec(`release ${SAVEPOINT}`);
      return { batch, result: undefined };
    });
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const member = connection as Connection;
    member.inTransaction = false;
    // After a failed commit the writer is someone else's already: nothing of ours to undo.
    if (this.#owner !== member) return;
    const batch = this.#batch;
    try {
      if (batch && this.#writer.inTransaction) this.#writer.exec(`rollback to ${SAVEPOINT}; release ${SAVEPOINT}`);
    } finally {
      this.#afterError();
      this.unlock(member);
    }
    // It read, on the writer, the writes of others in the open batch, and may have failed on what
    // it read (a payment changed since): its error is reported once those are committed, as a
    // success is — reported before, a plain read after catching it (the reader, committed data
    // only) saw the data as before them (found in review). Whether that batch commits is its
    // members' answer, not this one's: its own error is what is reported.
    if (batch) await batch.committed.catch(() => {});
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // A connection left holding the writer (an error between begin and commit/rollback) lets go.
    const member = connection as Connection;
    if (this.#owner === member) {
      if (member.inTransaction) await this.rollbackTransaction(member);
      else this.unlock(member);
    }
  }

  /**
   * Closes the connections: the writes already made commit; a Kysely transaction still running (a
   * shutdown whose grace period ran out) is rolled back, never committed half-way; whoever still
   * waits for the writer fails instead of waiting for good.
   */
  async destroy(): Promise<void> {
    this.#closed = true;
    const holder = this.#owner;
    if (holder?.inTransaction && this.#batch && this.#writer.inTransaction) {
      try {
        this.#writer.exec(`rollback to ${SAVEPOINT}; release ${SAVEPOINT}`);
      } catch {
        this.#afterError();
      }
      // Its next statement finds the writer closed and fails; its rollback then has nothing to do.
      this.#owner = null;
    }
    this.#flush();
    const closed = new Error('the database is closed');
    for (const waiter of this.#waiting.splice(0)) waiter.refuse(closed);
    if (this.#reader !== this.#writer) this.#reader.close();
    this.#writer.close();
  }

  /** Runs one statement for a connection: its transaction's, a write of its own, or a read. */
  async execute(member: Connection, query: CompiledQuery): Promise<QueryResult<unknown>> {
    if (member.inTransaction) return this.#run(this.#prepareWriter(query.sql), query);
    const read = this.#prepareReader(query.sql);
    if (read.readonly) return this.#run(read, query);
    await this.lock(member);
    return this.#writeThenWait(member, () => {
      const batch = this.#openBatch();
      return { batch, result: this.#run(this.#prepareWriter(query.sql), query) };
    });
  }

  /**
   * For a member holding the writer: makes its write (a statement, or a transaction's release),
   * lets the writer go and resolves once the batch holding the write is committed.
   */
  async #writeThenWait<T>(member: Connection, write: () => { batch: Batch; result: T }): Promise<T> {
    let written: { batch: Batch; result: T };
    try {
      written = write();
      written.batch.writes += 1;
    } catch (error) {
      this.#afterError();
      this.unlock(member);
      throw error;
    }
    this.unlock(member);
    await written.batch.committed;
    return written.result;
  }

  /**
   * A select's rows one by one: inside a transaction on the writer, which holds the transaction's
   * own writes, else on the reader. On a statement of its own, not the cache's: an open iteration
   * keeps its statement busy until it ends, and a read of the same text meanwhile would find the
   * cached one busy.
   */
  *stream(member: Connection, query: CompiledQuery): Iterable<{ rows: unknown[] }> {
    if (!SelectQueryNode.is(query.query)) throw new Error('the SQLite driver streams select queries only');
    const connection = member.inTransaction ? this.#writer : this.#reader;
    for (const row of connection.prepare(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row] };
  }

  lock(member: Connection): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    if (this.#owner === null) {
      this.#owner = member;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) =>
      this.#waiting.push({
        grant: () => {
          this.#owner = member;
          resolve();
        },
        refuse: reject,
      }),
    );
  }

  unlock(member: Connection): void {
    if (this.#owner !== member) return;
    this.#owner = null;
    // A full batch, or one whose turn ended while a transaction held the writer, commits before
    // the next member gets in: waiters must not keep a batch open forever.
    if (this.#batch && (this.#batch.writes >= this.#maxBatch || this.#batch.turnEnded)) this.#flush();
    this.#waiting.shift()?.grant();
  }

  #run(statement: BetterSqlite3.Statement, query: CompiledQuery): QueryResult<unknown> {
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  #openBatch(): Batch {
    if (this.#batch) return this.#batch;
    this.#writer.exec('begin immediate');
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be left with an unhandled rejection when a batch with no waiter yet fails.
    committed.catch(() => {});
    const batch: Batch = { writes: 0, turnEnded: false, committed, resolve, reject };
    this.#batch = batch;
    // Gathering while each turn brings writes (under load requests arrive one after another, a
    // few per turn), within GATHER_MS of the first, at most maxBatch; then, while fewer writes
    // came than the recent batches had, while each millisecond brings more, within the last
    // COMMIT's duration of the first.
    const expected = Math.min(this.#maxBatch, Math.max(1, ...this.#recent));
    const waitUntil = performance.now() + Math.min(MAX_WAIT_MS, Math.max(GATHER_MS, this.#lastCommitMs));
    let seen = -1;
    const ended = () => {
      // A batch committed early (full) is gone already.
      if (this.#batch !== batch) return;
      if (batch.writes < expected && batch.writes > seen && performance.now() < waitUntil) {
        seen = batch.writes;
        setTimeout(ended, 0);
        return;
      }
      batch.turnEnded = true;
      // One held by a transaction commits at unlock.
      if (this.#owner === null) this.#flush();
    };
    endOfGatheringTurns(() => batch.writes, { max: this.#maxBatch, gatherMs: GATHER_MS }, ended);
    return batch;
  }

  /**
   * Commits the open batch and settles everyone waiting on it. Never throws: it runs from a timer
   * and from unlock(), which hands the writer on after it — a throw would leave the waiting writers
   * without it for good.
   */
  #flush(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = null;
    const started = performance.now();
    try {
      if (this.#writer.inTransaction) this.#writer.exec('commit');
      else throw new Error('the database transaction was rolled back by SQLite before its commit');
      batch.resolve();
    } catch (error) {
      // The writes fail whatever follows; a ROLLBACK that fails too (a second fault) leaves the
      // next batch's BEGIN to fail, and its writes with it, rather than anyone waiting forever.
      batch.reject(error);
      try {
        if (this.#writer.inTransaction) this.#writer.exec('rollback');
      } catch {
        // Reported through the next batch's BEGIN.
      }
      return;
    }
    this.#lastCommitMs = performance.now() - started;
    this.#recent[this.#recentNext] = batch.writes;
    this.#recentNext = (this.#recentNext + 1) % RECENT_BATCHES;
    try {
      this.#onBatchCommitted?.(batch.writes);
    } catch {
      // A metric is not worth a write: the batch is committed and answered already.
    }
  }

  /**
   * After a failed statement: SQLite undoes just the statement in most cases, but some errors
   * (disk full, I/O) roll back the whole transaction. Then the batch is lost, and so are the
   * writes it held: they fail.
   */
  #afterError(): void {
    const batch = this.#batch;
    if (batch && !this.#writer.inTransaction) {
      this.#batch = null;
      batch.reject(new Error('the database transaction was rolled back by SQLite after an error'));
    }
  }
}

class Connection implements DatabaseConnection {
  inTransaction = false;
  readonly #driver: GroupCommitDriver;
  constructor(driver: GroupCommitDriver) {
    this.#driver = driver;
  }
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.#driver.execute(this, query) as Promise<QueryResult<R>>;
  }
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for (const chunk of this.#driver.stream(this, query)) yield chunk as QueryResult<R>;
  }
}
