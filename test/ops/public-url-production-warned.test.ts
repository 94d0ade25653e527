/**
 * On Ogone's production platform a PUBLIC_URL not https starts a server whose shoppers come back
 * over plain http. `ogone-checkout doctor` refuses it, but nothing runs doctor before `serve`
 * (review r1200, left in note 34): the start now says so in its log, naming the setting. The test
 * platform, where a local PUBLIC_URL is the usual set-up, is left quiet. (An http PUBLIC_URL
 * naming another host is refused outright since: exit 2, test/server/config/public-url-https.test.ts;
 * one on this machine's loopback is still started. An unset one is refused too:
 * test/server/config/public-url-required-production.test.ts.)
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServer } from '../support/processes.ts';
import { serverEnv } from '../support/accounts.ts';

interface LogLine {
  level?: number;
  msg?: string;
  setting?: string;
}

async function startLog(extra: Record<string, string>): Promise<LogLine[]> {
  const sink: string[] = [];
  const server = await spawnServer({ env: serverEnv('http://127.0.0.1:9', { RECONCILE_INTERVAL_SECONDS: '0', ...extra }), sink });
  await server.stop();
  return sink
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

const warned = (lines: LogLine[]) => lines.filter((line) => line.setting === 'PUBLIC_URL' && line.level === 40);

describe('serve on the production platform without an https PUBLIC_URL', { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'public-url-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('warns when PUBLIC_URL is http on the loopback', async () => {
    const lines = warned(
      await startLog({ OGONE_ENVIRONMENT: 'production', DATA_DIR: await dataDir(), PUBLIC_URL: 'http://localhost:8080' }),
    );
    assert.equal(lines.length, 1, 'one warning');
    assert.match(lines[0]!.msg ?? '', /^PUBLIC_URL is not https: /);
  });

  it('says nothing with an https PUBLIC_URL, nor on the test platform', async () => {
    assert.deepEqual(
      warned(await startLog({ OGONE_ENVIRONMENT: 'production', DATA_DIR: await dataDir(), PUBLIC_URL: 'https://shop.example' })),
      [],
    );
    assert.deepEqual(warned(await startLog({ DATA_DIR: await dataDir() })), []);
  });
});
