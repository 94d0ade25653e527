/**
 * Where a SQLite route's database time goes (issue 17): loaded into a process with `--import`, it
 * times every better-sqlite3 statement the process runs (`run`, `all`, `get`, `iterate`'s
 * setup, `exec`) and, when the process exits, writes a table of them — calls, total µs, µs a
 * call, the SQL — to `$STATEMENT_TRACE/statements-<pid>.txt`. Through NODE_OPTIONS it reaches the
 * servers a benchmark forks too, so the same statements can be read in the server and in the bare
 * driver of bench/database-limit.ts:
 *
 *   export STATEMENT_TRACE=/tmp/trace NODE_OPTIONS="--import tsx --import ./bench/statement-trace.ts"
 *   node bench/sign-cpu.ts sqlite 3 1500 feedback    # the server's statements
 *   node bench/database-limit.ts                      # the bare driver's
 *
 * `STATEMENT_TRACE_EVICT_KIB=<n>` also writes n KiB of memory (a byte a cache line) before each
 * statement, outside its timing: in the bare driver it stands for the route's own work between
 * two statements — parsing, validation, Kysely, the answer — which leaves SQLite's pages and code
 * out of the CPU's caches. The figures are in the README's "Database limit" paragraph.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { aroundStatements } from './sqlite-statements.ts';

const directory = process.env.STATEMENT_TRACE;
const evictBytes = Number(process.env.STATEMENT_TRACE_EVICT_KIB ?? 0) * 1024;

if (directory) {
  const timings = new Map<string, { calls: number; micros: number }>();
  const evicted = new Uint8Array(evictBytes);
  const evict = () => {
    for (let i = 0; i < evicted.length; i += 64) evicted[i] = (evicted[i]! + 1) & 0xff;
  };
  const short = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 150);
  aroundStatements((method, sql, run) => {
    if (evictBytes > 0) evict();
    const started = process.hrtime.bigint();
    try {
      return run();
    } finally {
      const key = `${method} ${short(sql)}`;
      const entry = timings.get(key) ?? { calls: 0, micros: 0 };
      entry.calls += 1;
      entry.micros += Number(process.hrtime.bigint() - started) / 1000;
      timings.set(key, entry);
    }
  });

  process.on('exit', () => {
    if (timings.size === 0) return;
    const rows = [...timings].sort((a, b) => b[1].micros - a[1].micros);
    const total = rows.reduce((sum, [, entry]) => sum + entry.micros, 0);
    const lines = rows.map(([sql, { calls, micros }]) => `${calls}\t${micros.toFixed(0)}\t${(micros / calls).toFixed(1)}\t${sql}`);
    const header = `# pid ${process.pid} ${process.argv.slice(1).join(' ')}; evict ${evictBytes / 1024} KiB; total ${total.toFixed(0)} µs\n# calls\tµs\tµs a call\tstatement\n`;
    writeFileSync(path.join(directory, `statements-${process.pid}.txt`), header + lines.join('\n') + '\n');
  });
}
