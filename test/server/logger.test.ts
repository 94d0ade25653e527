/**
 * The logger of server/logger.ts at level `silent` (tests, the benchmark, LOG_LEVEL=silent) writes
 * nothing and does not load pino, whose loading was a tenth of a cold start (issue 17); any other
 * level is pino's, loaded then. Run in a child process: this one may have loaded pino already.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import { createLogger, silentLogger } from '../../server/logger.ts';

/** Whether pino is in the child's require cache after `code` ran on logger.ts's exports (as `logger`). */
function pinoLoadedAfter(code: string): boolean {
  const script = `
    import { createRequire } from 'node:module';
    const logger = await import(${JSON.stringify(new URL('../../server/logger.ts', import.meta.url).href)});
    ${code}
    const cache = createRequire(import.meta.url).cache;
    console.log(Object.keys(cache).some((file) => /[\\\\/]node_modules[\\\\/]pino[\\\\/]/.test(file)));`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { encoding: 'utf8' });
  return output.trim() === 'true';
}

describe('createLogger', () => {
  it('at level silent does not load pino; at info it does', () => {
    assert.equal(pinoLoadedAfter("logger.createLogger({ level: 'silent' }).info({ a: 1 }, 'nothing'); logger.silentLogger();"), false);
    assert.equal(pinoLoadedAfter("logger.createLogger({ level: 'info', destination: 2 });"), true);
  });

  it('at level silent writes nothing and reports every level disabled', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    for (const logger of [createLogger({ level: 'silent', destination: sink }), silentLogger()]) {
      for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) {
        logger[level]({ password: 'x' }, 'not written');
        assert.equal(logger.isLevelEnabled(level), false);
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(chunks, []);
  });
});
