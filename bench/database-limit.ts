/**
 * Each database's own limit for the signer's two hot paths (issue 17): the exact statements of a
 * sign and of a feedback — as the repository sends them (test/bench/database-limit-statements.test.ts
 * holds the SQLite texts to the server's) — issued by
 * the bare driver at the HTTP benchmark's concurrency, with no HTTP, no validation, no signing and
 * no Kysely in between:
 *
 * - SQLite: better-sqlite3 with the server's pragmas (WAL, `synchronous = FULL`) and the server's
 *   group commit (server/db/group-commit.ts): the writes of one event-loop turn share one
 *   `BEGIN IMMEDIATE … COMMIT`, a feedback is a SAVEPOINT inside it, reads outside a transaction
 *   go to a second connection, and nobody "answers" before the COMMIT holding their write.
 * - PostgreSQL: 16 clients (like pgbench), each running one request's statements in turn, as the
 *   repository sends them (repository/mutate-transaction.ts, transaction-insert-batch.ts): a sign
 *   is a read, then its row in the one multi-row INSERT of its event-loop turn, both named
 *   prepared statements (one per batch size) as the repository runs them; a feedback is two
 *   round trips — `BEGIN; SELECT … FOR UPDATE; SELECT <session>` as one simple query, then the
 *   data-modifying CTEs and `COMMIT` as another.
 *
 * After the answer to a first feedback, the session is read again, as the review of a paid
 * payment reads it (maintenance/duplicates.ts reviewPayment: is it the session's payment?).
 *
 * On both, the session reads of one event-loop turn are one SELECT, each id asked once
 * (repository/sessions.ts, sessionReadBatch): `where "id" = ?` for one id, `in (…)` for several.
 * The server's PostgreSQL reads and inserts also gather the turns that follow while each brings
 * more (db/turn-batch.ts); the loops here reach each step together, so their batches are whole
 * in one turn already.
 *
 * The work is the HTTP benchmark's (bench/http.ts): a fixed sign workload — one attempt on each of
 * SIGN_SESSIONS sessions and a second on one in SIGN_RETRY_EVERY (signOrder) — and a fixed
 * feedback workload — one first feedback for each of FEEDBACK_PAYMENTS payments (each of a
 * session of its own: a state change, the session marked paid, a log row and an event), then one
 * repeat of each (the duplicate path: no applied copy of the other caller to count it on, so the
 * log row's repeat count) — whose rate is requests ÷
 * elapsed time, so that the route and its database limit are read on the same work.
 *
 * The HTTP benchmark opens a limit (openSqliteLimit, openPostgresLimit) seeded for all its rounds
 * and runs one sign or feedback workload at a time on sessions or payments not used before, each
 * beside the route's own run and a floor run of the same moment (bench/http.ts pairedRoute).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, sqliteReaderPragmas, sqliteWriterPragmas } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrations.ts';
import { packFeedbackParams } from '../server/repository/feedback-params-packing.ts';

export interface DatabaseLimit {
  /** Signs a second over the fixed workload (signOrder: read the session, insert the payment). */
  sign: number;
  /** Feedbacks a second over the fixed workload (FEEDBACK_PAYMENTS firsts, then as many repeats). */
  feedback: number;
  /**
   * SQLite: this process's CPU (user + system, µs) per sign and per feedback over those workloads —
   * to read beside the server's own (bench/sign-cpu.ts): the route's CPU beyond the driver's and the
   * floor's is what neither limit models.
   */
  cpuMicros?: { sign: number; feedback: number };
}

/** One workload run by the bare driver: requests a second and, on SQLite, this process's CPU µs a request. */
export interface LimitRun {
  rate: number;
  cpuMicros?: number;
}

/**
 * A database seeded for `capacity` (sessions to sign, payments to take feedbacks for), open for
 * workloads one at a time: each on the next sessions or payments, never used before.
 */
export interface LimitBench {
  /** signOrder(sessions)'s attempts on the next `sessions` sessions. */
  sign(sessions: number): Promise<LimitRun>;
  /** The first feedback, then a repeat, of each of the next `payments` payments. */
  feedback(payments: number): Promise<LimitRun>;
  close(): Promise<void>;
}

export interface LimitCapacity {
  signSessions: number;
  feedbackPayments: number;
}

/**
 * The feedback workload of both benchmarks: this many payments get their first feedback, then
 * each its repeat — 2 × FEEDBACK_PAYMENTS requests, half of each kind, whatever the speed.
 */
export const FEEDBACK_PAYMENTS = 3000;

/**
 * The sign workload of both benchmarks. A shopper's session is signed once or twice in production
 * (a click on the pay button; another after coming back from the hosted page), not thousands of
 * times: one attempt on each of SIGN_SESSIONS sessions, a second on one in SIGN_RETRY_EVERY.
 */
export const SIGN_SESSIONS = 8000;
const SIGN_RETRY_EVERY = 10;
/** Attempts between a session's first and its retry: a retry comes later, never in the same event-loop turn. */
const SIGN_RETRY_DELAY = 64;

/**
 * The sessions (0 … sessions − 1) in the order they are signed: each in turn, and a retry of one
 * in SIGN_RETRY_EVERY SIGN_RETRY_DELAY attempts after its first. Its length is the request count.
 */
export function signOrder(sessions: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < sessions; i++) {
    order.push(i);
    const back = i - SIGN_RETRY_DELAY;
    if (back >= 0 && back % SIGN_RETRY_EVERY === 0) order.push(back);
  }
  return order;
}
const NOW = '2026-11-23T10:00:00.000Z';
/** A feedback's kept parameters, about the size of a real one's (the event's data below likewise). */
const PARAMS = {
  ACCEPTANCE: 'test123',
  AMOUNT: '19.99',
  BRAND: 'VISA',
  CARDNO: 'XXXXXXXXXXXX1111',
  CN: 'Bench Shopper',
  CURRENCY: 'EUR',
  ED: '1229',
  IP: '127.0.0.1',
  NCERROR: '0',
  PAYID: '30000001',
  PM: 'CreditCard',
  STATUS: '9',
  TRXDATE: '11/23/26',
};
/**
 * The log row's two parameter columns as the repository writes them since migration 0028: the
 * shopper's values as JSON, the rest packed (computed once here: the packing is the route's work,
 * not the database's).
 */
const { paramsJson: PARAMS_JSON, paramsPacked: PARAMS_PACKED } = packFeedbackParams(PARAMS);
const eventJson = (reference: string, sessionId: string) =>
  JSON.stringify({
    reference,
    sessionId,
    state: 'captured',
    amount: 1999,
    currency: 'EUR',
    capturedAmount: 1999,
    refundedAmount: 0,
    status: 9,
    statusDescription: 'Payment requested',
    brand: 'VISA',
    cardNumber: 'XXXXXXXXXXXX1111',
    payId: '30000001',
    createdAt: NOW,
    updatedAt: NOW,
  });

const paymentReference = (i: number) => `OC20261123100000-P${String(i).padStart(7, '0')}`;
const paymentSession = (i: number) => `cs_bench_payment_${String(i).padStart(7, '0')}`;
const signSession = (i: number) => `cs_bench_sign_${String(i).padStart(7, '0')}`;

const INSERT_SESSION =
  'insert into "checkout_sessions" ("id", "button_id", "amount", "currency", "merchant_reference", "description", "customer_id", "customer_json", "locale", "save_card", "success_url", "failure_url", "metadata_json", "quantity", "status", "paid_reference", "expires_at", "created_at") values (?, null, 1999, \'EUR\', null, \'Benchmark\', null, null, null, \'never\', null, null, null, 1, \'open\', null, \'2026-11-24T10:00:00.000Z\', ?)';
/**
 * The session's columns and the STATUS of a payment of it the platform is still deciding, as
 * repository/sessions.ts reads them (sessionColumns); `numbered` renumbers the placeholders for pg.
 */
const SESSION_COLUMNS =
  'select "checkout_sessions".*, (select "transactions"."last_status" from "transactions" where "transactions"."session_id" = "checkout_sessions"."id" and "transactions"."state" = \'pending\' and "transactions"."last_status" is not null and "transactions"."last_status" <> 46 limit 1) as "payment_being_decided" from "checkout_sessions"';
const SELECT_SESSION = `${SESSION_COLUMNS} where "checkout_sessions"."id" = ?`;
const INSERT_TRANSACTION =
  'insert into "transactions" ("reference", "session_id", "amount", "currency", "captured_amount", "refunded_amount", "state", "last_status", "payid", "pm", "brand", "card_number", "expiry", "card_holder", "nc_error", "trx_date", "amount_mismatch", "alias_request", "customer_id", "operation", "locale", "created_at", "updated_at", "alias_id", "sync_needed", "needs_attention", "merchant_reference", "customer_email", "card_last4", "livemode") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const transactionValues = (reference: string, sessionId: string) => [
  reference,
  sessionId,
  1999,
  'EUR',
  0,
  0,
  'draft',
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  0,
  null,
  null,
  'SAL',
  'fr',
  NOW,
  NOW,
  null,
  0,
  0,
  null,
  null,
  null,
  0,
];
const SELECT_TRANSACTION = 'select * from "transactions" where "reference" = ?';
const SELECT_SESSION_AND_NEWEST_EVENT_SQLITE =
  'select "checkout_sessions".*, (select max("id") as "id" from "webhook_events" where "reference" = ?) as "newest_event_id", null as "operations_json", exists (select 1 from "feedback_log" where "reference" = ? and "redacted_at" is not null) as "feedback_redacted", exists (select 1 from "maintenance_operations" where "reference" = ?) as "has_operations" from "checkout_sessions" where "id" = ?';
const UPDATE_TRANSACTION =
  'update "transactions" set "captured_amount" = ?, "state" = ?, "last_status" = ?, "payid" = ?, "pm" = ?, "brand" = ?, "card_number" = ?, "card_last4" = ?, "expiry" = ?, "card_holder" = ?, "nc_error" = ?, "trx_date" = ?, "sync_lease_until" = ?, "updated_at" = ? where "reference" = ?';
/** PostgreSQL's combined statement returns the row; SQLite makes it from the row it read (mutate-transaction.ts). */
const UPDATE_TRANSACTION_RETURNING = `${UPDATE_TRANSACTION} returning *`;
const UPDATE_SESSION_PAID = 'update "checkout_sessions" set "status" = ?, "paid_reference" = ? where "id" = ? and "status" = ?';
const UPSERT_FEEDBACK_LOG =
  'insert into "feedback_log" ("id", "reference", "received_at", "channel", "status", "outcome", "params_json", "params_packed", "params_hash", "repeat_count", "last_received_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("reference", "channel", "params_hash") do update set "repeat_count" = "feedback_log"."repeat_count" + ?, "last_received_at" = "excluded"."received_at"';
/**
 * A feedback that changed nothing may be the other caller's exact copy of the applied one: the
 * copy counted on that row, or else the log row (or its same-channel repeat) written
 * (repository/feedback-log-writes.ts feedbackCopyWrite, feedbackLogUnlessCopyWrite).
 */
const UPDATE_FEEDBACK_COPY =
  'update "feedback_log" set "copy_count" = "copy_count" + ?, "copy_received_at" = coalesce("copy_received_at", ?) where "reference" = ? and "channel" = ? and "params_hash" = ? and "outcome" = ?';
const upsertFeedbackLogUnlessCopy = (postgres: boolean) =>
  'insert into "feedback_log" ("id", "reference", "received_at", "channel", "status", "outcome", "params_json", "params_packed", "params_hash", "repeat_count", "last_received_at") select ? as "id", ? as "reference", ? as "received_at", ? as "channel", cast(? as integer) as "status", ? as "outcome", ? as "params_json", ' +
  // Bytes in a select list: bytea on PostgreSQL, as the column (mutate-transaction.ts).
  (postgres ? 'cast(? as bytea)' : '?') +
  ' as "params_packed", ? as "params_hash", 0 as "repeat_count", null as "last_received_at" where not exists (select 1 as "one" from "feedback_log" as "applied" where "applied"."reference" = ? and "applied"."channel" = ? and "applied"."params_hash" = ? and "applied"."outcome" = ?) on conflict ("reference", "channel", "params_hash") do update set "repeat_count" = "feedback_log"."repeat_count" + ?, "last_received_at" = "excluded"."received_at"';
const INSERT_EVENT =
  'insert into "webhook_events" ("id", "type", "reference", "data_json", "created_at", "status", "attempts", "next_attempt_at", "delivered_at", "last_error", "livemode") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * The SQLite texts above, by route: test/bench/database-limit-statements.test.ts checks that the
 * server sends each of them, so that the limit keeps running the route's statements as the
 * repository changes.
 */
export const SQLITE_LIMIT_STATEMENTS = {
  sign: [SELECT_SESSION, INSERT_TRANSACTION],
  feedback: [
    SELECT_TRANSACTION,
    SELECT_SESSION_AND_NEWEST_EVENT_SQLITE,
    UPDATE_TRANSACTION,
    UPDATE_SESSION_PAID,
    UPSERT_FEEDBACK_LOG,
    INSERT_EVENT,
    UPDATE_FEEDBACK_COPY,
    upsertFeedbackLogUnlessCopy(false),
    SELECT_SESSION,
  ],
} as const;

/** `?` placeholders → `$1, $2, …` (PostgreSQL), for statements written once for both. */
function numbered(text: string, from = 1): string {
  let n = from;
  return text.replace(/\?/g, () => `$${n++}`);
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_bench${String(++counter).padStart(12, '0')}`;
/** feedbackFingerprint's length: 128 bits in hex. */
const HASH = 'a'.repeat(32);

/**
 * The sign workload on `concurrency` loops: signOrder's attempts on sessions `first` … `first +
 * sessions − 1` in turn; signs a second, from the first start to the last answer (as bench/http.ts
 * times the route).
 */
async function driveSigns(
  concurrency: number,
  first: number,
  sessions: number,
  worker: (sessionId: string) => Promise<void>,
): Promise<number> {
  const order = signOrder(sessions).map((i) => signSession(first + i));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < order.length) await worker(order[next++]!);
    }),
  );
  return order.length / ((performance.now() - started) / 1000);
}

/** UPDATE_FEEDBACK_COPY's values: no applied row of the browser has the server's repeat's parameters. */
const copyValues = (reference: string) => [1, NOW, reference, 'browser', HASH, 'applied'] as const;
/** upsertFeedbackLogUnlessCopy's values for the server's repeat of its applied feedback. */
const repeatLogValues = (reference: string) =>
  [
    nextId('fb'),
    reference,
    NOW,
    'server',
    9,
    'unchanged',
    PARAMS_JSON,
    PARAMS_PACKED,
    HASH,
    reference,
    'browser',
    HASH,
    'applied',
    1,
  ] as const;

/**
 * The feedback workload on `concurrency` loops: the first feedback of payments `first` … `first +
 * payments − 1` in turn, then their repeats in the same order; requests a second, from the first
 * start to the last answer.
 */
async function driveFeedback(
  concurrency: number,
  first: number,
  payments: number,
  worker: (payment: number) => Promise<void>,
): Promise<number> {
  const total = 2 * payments;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await worker(first + (next++ % payments));
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/** This process's CPU (user + system) since `start`, µs per request. */
function cpuPerRequest(start: NodeJS.CpuUsage, requests: number): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / requests;
}

async function migratedSchema(options: Parameters<typeof openDatabase>[0]): Promise<void> {
  const handle = openDatabase(options);
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

/** The server's group commit, bare: one SQLite transaction per event-loop turn, each member answered after its COMMIT. */
/**
 * The repository's session reads (repository/sessions.ts): the ids asked in one event-loop turn
 * are read by one statement, run by `select` with the distinct ids; each asker waits for it.
 */
function sessionReadsPerTurn(select: (ids: string[]) => Promise<unknown>): (id: string) => Promise<void> {
  let waiting: { ids: Set<string>; done: Promise<unknown> } | null = null;
  return (id) => {
    if (waiting === null) {
      const ids = new Set<string>();
      const turn = {
        ids,
        done: new Promise<unknown>((resolve, reject) =>
          setImmediate(() => {
            waiting = null;
            select([...ids]).then(resolve, reject);
          }),
        ),
      };
      waiting = turn;
    }
    waiting.ids.add(id);
    return waiting.done.then(() => undefined);
  };
}

/** SELECT_SESSION, or `in (?, …)` for several ids. */
const sessionsByIds = (count: number) =>
  count === 1
    ? SELECT_SESSION
    : `${SESSION_COLUMNS} where "checkout_sessions"."id" in (${Array.from({ length: count }, () => '?').join(', ')})`;

function groupCommit(writer: SqliteDatabase.Database) {
  let waiting: Array<{ resolve(): void; reject(error: unknown): void }> | null = null;
  const commit = () => {
    const members = waiting ?? [];
    waiting = null;
    try {
      writer.exec('commit');
      for (const member of members) member.resolve();
    } catch (error) {
      for (const member of members) member.reject(error);
    }
  };
  return (work: () => void, savepoint: boolean): Promise<void> => {
    if (waiting === null) {
      writer.exec('begin immediate');
      waiting = [];
      setImmediate(commit);
    }
    if (savepoint) writer.exec('savepoint oc_group_member');
    work();
    if (savepoint) writer.exec('release oc_group_member');
    return new Promise((resolve, reject) => waiting!.push({ resolve, reject }));
  };
}

/**
 * Consumes a capacity one workload at a time: the first index of the next `count`, or an error once
 * the seeded rows are used up (a workload on rows already signed or paid would measure another path).
 */
function consumer(capacity: number, what: string): (count: number) => number {
  let used = 0;
  return (count) => {
    if (used + count > capacity) throw new Error(`database limit: ${count} more ${what} asked, ${capacity - used} seeded left`);
    used += count;
    return used - count;
  };
}

/** A limit on a fresh SQLite file (a temporary directory, removed by close) seeded for `capacity`. */
export async function openSqliteLimit(capacity: LimitCapacity, concurrency = 16): Promise<LimitBench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-bench-dblimit-'));
  const file = path.join(dir, 'bench.sqlite');
  let writer: SqliteDatabase.Database | undefined;
  let reader: SqliteDatabase.Database | undefined;
  try {
    await migratedSchema({ kind: 'sqlite', file });
    // The server's very settings (server/db/connect.ts). Until issue 17's fifth round this
    // connection had better-sqlite3's 16 MiB page cache where the server has 2 MiB, and temporary
    // files on disk where the server keeps them in memory: a feedback's SAVEPOINT journal spilled
    // to a file, 19.5 write calls a feedback against the server's 5.2.
    const w = (writer = new SqliteDatabase(file));
    sqliteWriterPragmas(w);
    const r = (reader = new SqliteDatabase(file));
    sqliteReaderPragmas(r);
    const insertSession = w.prepare(INSERT_SESSION);
    const insertTransaction = w.prepare(INSERT_TRANSACTION);
    w.transaction(() => {
      for (let i = 0; i < capacity.signSessions; i++) insertSession.run(signSession(i), NOW);
      for (let i = 0; i < capacity.feedbackPayments; i++) {
        insertSession.run(paymentSession(i), NOW);
        insertTransaction.run(...transactionValues(paymentReference(i), paymentSession(i)));
      }
    })();
    const write = groupCommit(w);
    const readStatements = new Map<number, SqliteDatabase.Statement>();
    const readSession = sessionReadsPerTurn(async (ids) => {
      let statement = readStatements.get(ids.length);
      if (!statement) readStatements.set(ids.length, (statement = r.prepare(sessionsByIds(ids.length))));
      return statement.all(...ids);
    });
    const selectTransaction = w.prepare(SELECT_TRANSACTION);
    const selectSession = w.prepare(SELECT_SESSION_AND_NEWEST_EVENT_SQLITE);
    const update = w.prepare(UPDATE_TRANSACTION);
    const sessionPaid = w.prepare(UPDATE_SESSION_PAID);
    const log = w.prepare(UPSERT_FEEDBACK_LOG);
    const copy = w.prepare(UPDATE_FEEDBACK_COPY);
    const logUnlessCopy = w.prepare(upsertFeedbackLogUnlessCopy(false));
    const event = w.prepare(INSERT_EVENT);
    const nextSessions = consumer(capacity.signSessions, 'sessions');
    const nextPayments = consumer(capacity.feedbackPayments, 'payments');
    return {
      async sign(sessions) {
        const from = nextSessions(sessions);
        const cpu = process.cpuUsage();
        const rate = await driveSigns(concurrency, from, sessions, async (sessionId) => {
          await readSession(sessionId);
          await write(() => insertTransaction.run(...transactionValues(nextId('OC'), sessionId)), false);
        });
        return { rate, cpuMicros: cpuPerRequest(cpu, signOrder(sessions).length) };
      },
      async feedback(payments) {
        const from = nextPayments(payments);
        const cpu = process.cpuUsage();
        const reviews: Array<Promise<void>> = [];
        const rate = await driveFeedback(concurrency, from, payments, async (i) => {
          const reference = paymentReference(i);
          const sessionId = paymentSession(i);
          let first = false;
          await write(() => {
            const row = selectTransaction.all(reference)[0] as { state: string };
            selectSession.all(reference, reference, reference, sessionId);
            first = row.state === 'draft';
            if (first) {
              update.run(
                1999,
                'captured',
                9,
                '30000001',
                'CreditCard',
                'VISA',
                'XXXXXXXXXXXX1111',
                '1111',
                '1229',
                'Bench Shopper',
                '0',
                '11/23/26',
                null,
                NOW,
                reference,
              );
              sessionPaid.run('paid', reference, sessionId, 'open');
            }
            if (first) log.run(nextId('fb'), reference, NOW, 'server', 9, 'applied', PARAMS_JSON, PARAMS_PACKED, HASH, 0, null, 1);
            else if (copy.run(...copyValues(reference)).changes === 0) logUnlessCopy.run(...repeatLogValues(reference));
            if (first)
              event.run(
                nextId('evt'),
                'payment.captured',
                reference,
                eventJson(reference, sessionId),
                NOW,
                'pending',
                0,
                NOW,
                null,
                null,
                0,
              );
          }, true);
          if (first) reviews.push(readSession(sessionId));
        });
        await Promise.all(reviews);
        return { rate, cpuMicros: cpuPerRequest(cpu, 2 * payments) };
      },
      async close() {
        w.close();
        r.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    writer?.close();
    reader?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A limit's whole workloads once each (SIGN_SESSIONS, FEEDBACK_PAYMENTS), then closed: the CLI's figures. */
async function once(open: (capacity: LimitCapacity) => Promise<LimitBench>): Promise<DatabaseLimit> {
  const limit = await open({ signSessions: SIGN_SESSIONS, feedbackPayments: FEEDBACK_PAYMENTS });
  try {
    const sign = await limit.sign(SIGN_SESSIONS);
    const feedback = await limit.feedback(FEEDBACK_PAYMENTS);
    return {
      sign: sign.rate,
      feedback: feedback.rate,
      ...(sign.cpuMicros !== undefined && feedback.cpuMicros !== undefined
        ? { cpuMicros: { sign: sign.cpuMicros, feedback: feedback.cpuMicros } }
        : {}),
    };
  } finally {
    await limit.close();
  }
}

export const sqliteLimit = (concurrency = 16): Promise<DatabaseLimit> => once((capacity) => openSqliteLimit(capacity, concurrency));

const FEEDBACK_CTE_FIRST = `with "session_paid" as (${numbered(UPDATE_SESSION_PAID, 1)} returning 1 as "done"), "feedback_logged" as (${numbered(UPSERT_FEEDBACK_LOG, 5)} returning 1 as "done"), "events_added" as (${numbered(INSERT_EVENT, 17)} returning 1 as "done") ${numbered(UPDATE_TRANSACTION_RETURNING, 28)}`;
const FEEDBACK_CTE_REPEAT = `with "feedback_copied" as (${numbered(UPDATE_FEEDBACK_COPY, 1)} returning 1 as "done"), "feedback_logged" as (${numbered(upsertFeedbackLogUnlessCopy(true), 7)} returning 1 as "done") select 1 as "done"`;
const SELECT_SESSION_AND_NEWEST_EVENT_PG =
  'select "checkout_sessions".*, (select max("id") as "id" from "webhook_events" where "reference" = $1) as "newest_event_id", (select coalesce(json_agg(o order by o.id), \'[]\'::json) from maintenance_operations o where o.reference = $2) as "operations_json", exists (select 1 from "feedback_log" where "reference" = $3 and "redacted_at" is not null) as "feedback_redacted" from "checkout_sessions" where "id" = (select "session_id" from "transactions" where "reference" = $4) for no key update';

/** `text` with its `$n` parameters written in as literals, as the repository's simple queries are. */
function inline(client: pg.Client, text: string, values: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = values[Number(n) - 1];
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'number') return String(value);
    // Bytes as server/db/pg-inline-query.ts writes them: a hex literal the bytea column takes.
    if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'`;
    return client.escapeLiteral(String(value));
  });
}

/**
 * The sign's two statements run as the repository runs them on PostgreSQL: named prepared
 * statements, one per SQL text (a batch's row count), parsed and planned once per connection
 * (server/db/compiled-query.ts runPrepared).
 */
const preparedNames = new Map<string, string>();
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) preparedNames.set(text, (name = `oc_limit_${preparedNames.size}`));
  return name;
}

/**
 * A limit on `url`, an empty database this function migrates and seeds for `capacity`; close ends
 * its connections (the database is the caller's to drop).
 */
export async function openPostgresLimit(url: string, capacity: LimitCapacity, concurrency = 16): Promise<LimitBench> {
  await migratedSchema({ kind: 'postgres', url });
  const clients = Array.from({ length: concurrency }, () => new pg.Client({ connectionString: url }));
  // The sign's INSERTs, one a turn, each on a connection of the pool as the repository's pool gives it one.
  const batcher = new pg.Pool({ connectionString: url, max: concurrency });
  const close = async () => {
    await Promise.all(clients.map((client) => client.end()));
    await batcher.end();
  };
  try {
    await Promise.all(clients.map((client) => client.connect()));
    const seed = clients[0]!;
    await seed.query('begin');
    for (let i = 0; i < capacity.signSessions; i++) await seed.query(numbered(INSERT_SESSION), [signSession(i), NOW]);
    for (let i = 0; i < capacity.feedbackPayments; i++) {
      await seed.query(numbered(INSERT_SESSION), [paymentSession(i), NOW]);
      await seed.query(numbered(INSERT_TRANSACTION), transactionValues(paymentReference(i), paymentSession(i)));
    }
    await seed.query('commit');
    await seed.query('analyze');

    const free = [...clients];
    const withClient = async (work: (client: pg.Client) => Promise<void>) => {
      const client = free.pop()!;
      try {
        await work(client);
      } finally {
        free.push(client);
      }
    };
    // The payments signed in one event-loop turn: one INSERT, each answered once it returned.
    let batch: Array<{ values: unknown[]; done(): void; failed(error: unknown): void }> | null = null;
    const insertInTurn = (values: unknown[]) =>
      new Promise<void>((done, failed) => {
        if (batch === null) {
          batch = [];
          setImmediate(() => {
            const members = batch!;
            batch = null;
            const width = values.length;
            const rows = members.map((_, m) => `(${Array.from({ length: width }, (_, c) => `$${m * width + c + 1}`).join(', ')})`);
            const text = INSERT_TRANSACTION.replace(/values \(.*\)$/, `values ${rows.join(', ')}`);
            batcher.query({ name: preparedName(text), text, values: members.flatMap((member) => member.values) }).then(
              () => members.forEach((member) => member.done()),
              (error: unknown) => members.forEach((member) => member.failed(error)),
            );
          });
        }
        batch.push({ values, done, failed });
      });
    const sessionsOn = async (client: pg.Client | pg.Pool, ids: string[]) => {
      const text = numbered(sessionsByIds(ids.length));
      await client.query({ name: preparedName(text), text, values: ids });
    };
    const readSession = sessionReadsPerTurn((ids) => withClient((client) => sessionsOn(client, ids)));
    // The reviews' reads run while every loop holds its client: on the sign's batching connection, idle then.
    const reviewSession = sessionReadsPerTurn((ids) => sessionsOn(batcher, ids));
    const nextSessions = consumer(capacity.signSessions, 'sessions');
    const nextPayments = consumer(capacity.feedbackPayments, 'payments');
    const sign = async (sessions: number): Promise<LimitRun> => ({
      rate: await driveSigns(concurrency, nextSessions(sessions), sessions, async (sessionId) => {
        await readSession(sessionId);
        await insertInTurn(transactionValues(nextId('OC'), sessionId));
      }),
    });
    const feedbackRound = async (payments: number) => {
      const reviews: Array<Promise<void>> = [];
      const rate = await driveFeedback(concurrency, nextPayments(payments), payments, (i) =>
        withClient(async (client) => {
          const reference = paymentReference(i);
          const sessionId = paymentSession(i);
          try {
            // One simple query (no bound parameters: values inlined), three statements.
            const locked = (await client.query(
              [
                'begin',
                inline(client, `${numbered(SELECT_TRANSACTION)} for update`, [reference]),
                inline(client, SELECT_SESSION_AND_NEWEST_EVENT_PG, [reference, reference, reference, reference]),
              ].join('; '),
            )) as unknown as Array<{ rows: Array<{ state: string }> }>;
            const first = locked[1]!.rows[0]!.state === 'draft';
            // prettier-ignore
            const write = first
            ? inline(client, FEEDBACK_CTE_FIRST, [
                'paid', reference, sessionId, 'open',
                nextId('fb'), reference, NOW, 'server', 9, 'applied', PARAMS_JSON, PARAMS_PACKED, HASH, 0, null, 1,
                nextId('evt'), 'payment.captured', reference, eventJson(reference, sessionId), NOW, 'pending', 0, NOW, null, null, 0,
                1999, 'captured', 9, '30000001', 'CreditCard', 'VISA', 'XXXXXXXXXXXX1111', '1111', '1229', 'Bench Shopper', '0', '11/23/26', null, NOW, reference,
              ])
            : inline(client, FEEDBACK_CTE_REPEAT, [...copyValues(reference), ...repeatLogValues(reference)]);
            await client.query(`${write}; commit`);
            if (first) reviews.push(reviewSession(sessionId));
          } catch (error) {
            await client.query('rollback');
            throw error;
          }
        }),
      );
      await Promise.all(reviews);
      return rate;
    };
    return { sign, feedback: async (payments) => ({ rate: await feedbackRound(payments) }), close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** `url`: an empty database this function migrates and fills. */
export const postgresLimit = (url: string, concurrency = 16): Promise<DatabaseLimit> =>
  once((capacity) => openPostgresLimit(url, capacity, concurrency));

/** The most a route can reach given its floor (HTTP and middleware) and its database's limit, each a rate. */
export function modelledLimit(floor: number, database: number): number {
  return 1 / (1 / floor + 1 / database);
}

// `node --import tsx bench/database-limit.ts [postgres-url]`: SQLite in a temporary file and, with
// a URL, PostgreSQL in that database — which this migrates and fills, so it must be empty (npm run
// bench makes one of its own and drops it after, bench/http.ts withPostgres).
if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2];
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ tables: string }>(`select count(*) as tables from pg_tables where schemaname = 'public'`);
    await client.end();
    if (Number(rows[0]!.tables) > 0) {
      console.error(`refused: ${url.replace(/\/\/[^@]*@/, '//')} has tables; give an empty database (this fills it)`);
      process.exit(2);
    }
  }
  console.log('sqlite', await sqliteLimit());
  if (url) console.log('postgres', await postgresLimit(url));
}
