/**
 * The feedback route reads four headers of every request before anything else (channel.ts
 * rawHeaderReader), trimming their ends. The trim was `/^[\t\n\r ]+|[\t\n\r ]+$/g`, which
 * backtracks quadratically on a run of inner spaces: 16,000 of them in one Sec-Fetch-Mode (Node's
 * 16 KiB head allows it) held the event loop 0.1 s per request, so one unauthenticated client,
 * well under the feedback rate limit, kept the server busy for everyone. Not a speed target:
 * the trim runs in a child process given 10 s for 200,000 inner spaces, which the linear trim reads in
 * milliseconds and the regex took minutes over (quadratic: 0.1 s at 16,000).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { rawHeaderReader } from '../../../server/feedback/channel.ts';

const run = promisify(execFile);

test('header ends are trimmed as Headers trims them', () => {
  const reader = rawHeaderReader(['Sec-Fetch-Mode', ' \t navigate \r\n', 'Accept', 'a', 'accept', '  b  ', 'X', '   ']);
  assert.equal(reader.get('sec-fetch-mode'), 'navigate');
  assert.equal(reader.get('accept'), 'a, b');
  assert.equal(reader.get('x'), '');
  const inner = `a${' '.repeat(10)}a`;
  assert.equal(rawHeaderReader(['User-Agent', ` ${inner} `]).get('user-agent'), inner);
});

test('a header with 200,000 inner spaces is read at once, in a process that may be stopped', async () => {
  const module = new URL('../../../server/feedback/channel.ts', import.meta.url).href;
  const code = `const { rawHeaderReader } = await import(${JSON.stringify(module)});
    const value = 'a' + ' '.repeat(200000) + 'a';
    process.stdout.write(String(rawHeaderReader(['Sec-Fetch-Mode', value]).get('sec-fetch-mode').length));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', code], { timeout: 10_000 }).catch(
    (error: { killed?: boolean }) => {
      throw new Error(error.killed ? 'the trim did not finish within 10 s: it is not linear' : String(error));
    },
  );
  assert.equal(stdout, '200002');
});
