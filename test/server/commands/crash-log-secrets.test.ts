/**
 * A crash of `serve` (server/commands/crash.ts) is one fatal JSON record and exit 70, which the
 * systemd unit restarts (review r1736). The record carries the defect's message and stack, but
 * never a secret setting's value a message might quote: a password, one merchant key of the
 * list, a DATABASE_URL password — also one whose percent escape is malformed, which the handler
 * left out altogether until it read the password through urlPasswordForms.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CRASH = fileURLToPath(new URL('../../../server/commands/crash.ts', import.meta.url));

const SETTINGS = {
  OGONE_PASSWORD: 'Api-Pa55word-xyz',
  MERCHANT_API_KEYS: 'sk_first_0123456789abcdef, sk_second_0123456789abcdef',
  DATABASE_URL: 'postgres://shop:db%2Fsecret-42@localhost/shop',
};

function crashWith(script: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.resume();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('a crash of serve', { timeout: 60_000 }, () => {
  for (const [origin, fault] of [
    ['uncaught exception', 'setImmediate(() => { throw new Error(message); })'],
    ['unhandled rejection', 'void Promise.reject(new Error(message))'],
  ] as const) {
    it(`${origin}: one fatal JSON line without the secrets, exit 70`, async () => {
      const script = `
        const { exitOnCrash } = await import(${JSON.stringify(CRASH)});
        const settings = ${JSON.stringify(SETTINGS)};
        exitOnCrash(settings, () => 'json');
        const message = 'defect near ' + settings.OGONE_PASSWORD + ' and sk_second_0123456789abcdef and db/secret-42';
        ${fault};
      `;
      const { code, stderr } = await crashWith(script);
      assert.equal(code, 70, stderr);
      const lines = stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, `one line: ${stderr}`);
      const record = JSON.parse(lines[0]!) as { level: number; origin: string; err: { message: string; stack: string } };
      assert.equal(record.level, 60, 'fatal');
      assert.equal(record.origin, origin);
      assert.match(record.err.message, /^defect near /);
      for (const secret of ['Api-Pa55word-xyz', 'sk_second_0123456789abcdef', 'db/secret-42'])
        assert.ok(!stderr.includes(secret), `${secret} reached the log: ${stderr}`);
    });
  }

  it('a DATABASE_URL password with a malformed escape stays out of the line', async () => {
    const script = `
      const { exitOnCrash } = await import(${JSON.stringify(CRASH)});
      exitOnCrash({ DATABASE_URL: 'postgres://shop:pw%zz-secret-43@localhost/shop' }, () => 'json');
      setImmediate(() => { throw new Error('defect near pw%zz-secret-43'); });
    `;
    const { code, stderr } = await crashWith(script);
    assert.equal(code, 70, stderr);
    assert.ok(!stderr.includes('pw%zz-secret-43'), `the password reached the log: ${stderr}`);
  });
});
