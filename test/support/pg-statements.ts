/**
 * The statements node-postgres sends while some work runs — one string per round trip, so a test
 * can count round trips (issue 17) and see which statements a batch became.
 */
import pg from 'pg';

/**
 * Runs `work` and returns its result with every statement string sent meanwhile, in order. `work`
 * is handed the list as it grows, for a test that looks at it while the work runs.
 */
export async function statementsSent<T>(work: (sentSoFar: readonly string[]) => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const texts: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    texts.push(typeof config === 'string' ? config : String((config as { text?: string }).text));
    return (original as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as never;
  try {
    return { result: await work(texts), texts };
  } finally {
    pg.Client.prototype.query = original;
  }
}
