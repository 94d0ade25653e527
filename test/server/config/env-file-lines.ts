/**
 * One line of a deployment's environment file, between two ordinary ones, and the rule every
 * such line is held to: `loadEnvironment` (server/commands/environment.ts, node:util parseEnv)
 * refuses it naming its variable, never repeating its value, or reads what systemd's
 * EnvironmentFile= gives serve (docs/deploy.md §2).
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvironment } from '../../../server/commands/environment.ts';

/** Files in a folder of the test file's own, removed after it; `write(line)` makes one. */
export function envFiles(prefix: string): { write(line: string): Promise<string> } {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    async write(line) {
      const file = path.join(dir, `${Math.random().toString(36).slice(2)}.env`);
      await writeFile(file, ['OGONE_PSPID=MyShop', line, 'OGONE_USER_ID=apiuser'].join('\n') + '\n');
      return file;
    },
  };
}

/** OGONE_SHA_IN of `file` is refused naming it (never `secret`, a part of its value), or read as `systemd`. */
export function assertRefusedOrReadAsSystemd(file: string, systemd: string, secret: string): void {
  let read: string | undefined;
  try {
    read = loadEnvironment({}, file).OGONE_SHA_IN;
  } catch (error) {
    assert.match((error as Error).message, /OGONE_SHA_IN/);
    assert.ok(!(error as Error).message.includes(secret), 'the refusal never repeats the value');
    return;
  }
  assert.equal(read, systemd, `doctor/migrate/backup read ${JSON.stringify(read)}; systemd gives serve ${JSON.stringify(systemd)}`);
}
