/** `doctor --lang` with a language we have no report in is a usage error naming the option (exit 2), not a silent English report. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../server/commands/index.ts';

it('ogone-checkout doctor --lang xx exits 2 naming --lang and runs no check', async () => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = { stdout: (s: string) => stdout.push(s), stderr: (s: string) => stderr.push(s) };
  const code = await main(['doctor', '--lang', 'xx', '--offline'], { PATH: process.env.PATH, OGONE_ENVIRONMENT: 'sandbox' }, io as never);
  assert.equal(code, 2, `exit code; stdout began: ${stdout.join('\n').slice(0, 120)}`);
  assert.match(stderr.join('\n'), /--lang/);
  assert.equal(stdout.join(''), '', 'no report is printed for a bad option');
});

it('ogone-checkout doctor --lang fr_FR.UTF-8 is French, as LANG would be', async () => {
  const stdout: string[] = [];
  const io = { stdout: (s: string) => stdout.push(s), stderr: () => {} };
  await main(
    ['doctor', '--lang', 'fr_FR.UTF-8', '--offline', '--json'],
    { PATH: process.env.PATH, OGONE_ENVIRONMENT: 'sandbox' },
    io as never,
  );
  assert.equal((JSON.parse(stdout.join('')) as { language: string }).language, 'fr');
});
