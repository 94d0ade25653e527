/**
 * Every SQLite statement a process runs, observed where better-sqlite3 runs it: the statement
 * tracer (statement-trace.ts) times them, test/bench/database-limit-statements.test.ts records
 * their texts. Statements prepared while installed stay wrapped; `around` is theirs for good.
 */
import Database from 'better-sqlite3';

/** How a statement ran: one of a prepared statement's methods, or the connection's `exec`. */
export type StatementMethod = 'run' | 'all' | 'get' | 'iterate' | 'exec';
type Call = (this: unknown, ...args: unknown[]) => unknown;

/**
 * From now, each statement of any connection of this process runs through `around(method, sql,
 * run)`, which must call `run` and return what it returns. Returns the undo: connections prepare
 * and exec as before (statements prepared meanwhile keep `around`).
 */
export function aroundStatements(around: (method: StatementMethod, sql: string, run: () => unknown) => unknown): () => void {
  const prototype = Database.prototype as unknown as Record<'prepare' | 'exec', Call>;
  const { prepare, exec } = prototype;
  prototype.exec = function (this: unknown, ...args: unknown[]) {
    return around('exec', String(args[0]), () => exec.apply(this, args));
  };
  prototype.prepare = function (this: unknown, ...args: unknown[]) {
    const statement = prepare.apply(this, args) as Record<StatementMethod, Call>;
    for (const method of ['run', 'all', 'get', 'iterate'] as const) {
      const original = statement[method];
      statement[method] = function (this: unknown, ...values: unknown[]) {
        return around(method, String(args[0]), () => original.apply(this, values));
      };
    }
    return statement;
  };
  return () => {
    prototype.prepare = prepare;
    prototype.exec = exec;
  };
}
