/**
 * `ogone-checkout --help` lists every option each command's own `--help` names: the overview is
 * where an operator looks first, and it left out doctor's --offline, the sandbox's
 * --payment-tries and --status-change-feedback, serve's options and --env-file everywhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../server/commands/index.ts';

async function run(argv: string[]): Promise<string> {
  const out: string[] = [];
  await main(argv, {}, { stdout: (line) => out.push(line), stderr: (line) => out.push(line) });
  return out.join('\n');
}

const COMMANDS = ['sign', 'verify', 'serve', 'sandbox', 'doctor', 'backup', 'restore', 'migrate'];

test("the overview names every command's options, under that command", async () => {
  const overview = await run(['--help']);
  const lines = overview.split('\n');
  for (const [i, name] of COMMANDS.entries()) {
    const start = lines.findIndex((line) => line.startsWith(`  ${name} `) || line === `  ${name}`);
    assert.ok(start >= 0, `${name} is in the overview`);
    const next = COMMANDS.slice(i + 1)
      .map((other) => lines.findIndex((line) => line.startsWith(`  ${other} `) || line === `  ${other}`))
      .find((index) => index > start);
    const section = lines.slice(start, next ?? lines.length).join('\n');
    const own = await run([name, '--help']);
    // The options it takes: on its usage line and the lines that describe one each.
    const declared = own
      .split('\n')
      .filter((line) => line.startsWith('usage:') || /^\s+--[a-z]/.test(line))
      .map((line) => (line.startsWith('usage:') ? line : /^\s+(--[a-z][a-z-]*)/.exec(line)![1]!))
      .join(' ');
    const options = new Set([...declared.matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0]));
    options.delete('--help');
    for (const option of options)
      assert.ok(section.includes(option) || overview.includes(`${option} F reads`), `${name}: ${option} is in the overview`);
  }
});
