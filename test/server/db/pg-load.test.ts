/**
 * Loading pg for a PostgreSQL start (server/db/connect.ts) does not load Node's fetch
 * implementation: on Node 20, pg's check for Cloudflare Workers would construct a `Response`, which
 * loads undici — about 20 ms before the first connection could open (issue 17, cold start). The
 * `navigator` lent to pg for its load is gone afterwards, and the pool works. Run in a child
 * process: this one has loaded pg and undici already.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { POSTGRES_ADMIN_URL } from '../../support/databases.ts';

interface AfterOpen {
  undiciBefore: boolean;
  undiciAfterOpen: boolean;
  navigatorBefore: string;
  navigatorAfter: string;
  answer: number;
  undiciAfterResponse: boolean;
}

function openInChild(): AfterOpen {
  const script = `
    const undici = () => process.moduleLoadList.some((name) => name.includes('undici'));
    const undiciBefore = undici();
    const navigatorBefore = typeof globalThis.navigator;
    const { openDatabase } = await import(${JSON.stringify(new URL('../../../server/db/connect.ts', import.meta.url).href)});
    const handle = openDatabase({ kind: 'postgres', url: ${JSON.stringify(POSTGRES_ADMIN_URL)} });
    const undiciAfterOpen = undici();
    const navigatorAfter = typeof globalThis.navigator;
    const { sql } = await import('kysely');
    const { rows } = await sql\`select 41 + 1 as answer\`.execute(handle.db);
    await handle.close();
    new Response('the fetch implementation still loads when asked for');
    console.log(JSON.stringify({ undiciBefore, undiciAfterOpen, navigatorBefore, navigatorAfter, answer: rows[0].answer, undiciAfterResponse: undici() }));`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { encoding: 'utf8' });
  return JSON.parse(output) as AfterOpen;
}

describe('loading pg', () => {
  it('leaves undici unloaded and the globals as they were, and the pool answers', () => {
    const seen = openInChild();
    assert.equal(seen.undiciBefore, false, 'the child starts without undici (else this test proves nothing)');
    assert.equal(seen.undiciAfterOpen, false, 'opening a PostgreSQL handle loaded undici');
    assert.equal(seen.navigatorAfter, seen.navigatorBefore, 'navigator is as it was before pg loaded');
    assert.equal(seen.answer, 42);
    assert.equal(seen.undiciAfterResponse, true, 'a Response loads undici as usual');
  });
});
