/**
 * Pending card deletions retried by two instances on one PostgreSQL database. The deleter used to
 * claim up to 20 due cards with one lease (the upload timeout + 5 s) and upload them one after the
 * other: with slow uploads, the later cards' lease ran out while they were still in the list, the
 * other instance claimed them, and both sent a DELALIAS. Now each card is claimed just before its
 * upload (aliases/deletion.ts): one DELALIAS per card, and while one instance's upload hangs, the
 * other takes the remaining cards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { eventually } from '../support/waiting.ts';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

// An upload takes 850 ms in 'slow': a timeout of 2 s leaves a loaded host room (at 1 s, a late
// answer timed out and its card was sent again), and ten such uploads still outlast one lease
// (timeout + 5 s), which is what the old batch claim got wrong.
const DELETION = { intervalMs: 200, firstRetryMs: 1, maxRetryMs: 1, timeoutMs: 2000 };

describe('alias deletion retried by two instances', () => {
  let flow: FlowServer;
  let second: RunningServer;
  const realFetch = globalThis.fetch;
  let mode: 'fail' | 'slow' | 'stall-first' = 'fail';
  /** In 'stall-first': ends the first upload's wait. */
  let releaseStall: () => void = () => {};
  let stalled: string | undefined;
  const uploads = new Map<string, number>();
  const inFlight = new Set<string>();
  const concurrent: string[] = [];
  const log: string[] = [];

  before(async () => {
    globalThis.fetch = (async (input: any, init?: any) => {
      if (String(input instanceof Request ? input.url : input).includes('AFU_agree.asp')) {
        if (mode === 'fail') return new Response('busy', { status: 503 });
        const ref = String((init?.body as FormData).get('FILE_REFERENCE'));
        const aliasId = ref.replace(/^DEL-/, '').replace(/-\d+$/, '');
        uploads.set(aliasId, (uploads.get(aliasId) ?? 0) + 1);
        if (inFlight.has(aliasId)) concurrent.push(aliasId);
        inFlight.add(aliasId);
        try {
          if (mode === 'stall-first' && stalled === undefined) {
            stalled = aliasId;
            await new Promise<void>((resolve) => (releaseStall = resolve));
          } else if (mode === 'slow') await new Promise((r) => setTimeout(r, 850));
          const res = await realFetch(input, init);
          const txt = await res.text();
          log.push(aliasId);
          return new Response(txt, { status: res.status, headers: res.headers });
        } finally {
          inFlight.delete(aliasId);
        }
      }
      return realFetch(input, init);
    }) as typeof fetch;
    flow = await startFlowServer('postgres', { aliasDeletion: DELETION });
    second = await startServer({
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      sandbox: { maintenanceDelayMs: 100 },
      reconciler: { intervalMs: 0 },
      aliasDeletion: DELETION,
      env: { OGONE_ENVIRONMENT: 'sandbox', ...flow.database.env },
    });
  });
  after(async () => {
    await second?.close();
    await flow?.close();
    globalThis.fetch = realFetch;
  });

  it('each alias is deleted at the platform by one DELALIAS', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await saveCard(flow, `cust-two-inst-${i}`, '4111111111111111'));
    for (const id of ids) assert.equal((await flow.api(`/api/aliases/${id}`, 'DELETE')).status, 202);
    mode = 'slow';
    await eventually(
      async () => Promise.all(ids.map(async (id) => (await flow.api(`/api/aliases/${id}`)).status)),
      (statuses) => statuses.every((s) => s === 404),
      'every alias deleted',
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const twice = ids.filter((id) => (uploads.get(id) ?? 0) > 1).map((id) => `${id}: ${uploads.get(id)}`);
    const deletedEvents = (await flow.api('/api/events?type=alias.deleted&limit=100')).body.data as unknown[];
    assert.equal(deletedEvents.length, 10, 'alias.deleted once each');

    assert.deepEqual(concurrent, [], 'a DELALIAS sent while another for the same alias was in flight');
    assert.deepEqual(twice, [], `aliases sent more than one DELALIAS after the platform became reachable; uploads: ${log.join(', ')}`);
  });

  it('while one instance’s upload hangs, the other deletes the remaining card', async () => {
    mode = 'fail';
    const ids = [await saveCard(flow, 'cust-stall-0', '4111111111111111'), await saveCard(flow, 'cust-stall-1', '4111111111111111')];
    for (const id of ids) assert.equal((await flow.api(`/api/aliases/${id}`, 'DELETE')).status, 202);
    mode = 'stall-first';
    try {
      await eventually(
        () => stalled,
        (id) => id !== undefined,
        'an upload hangs',
        { timeoutMs: 5000 },
      );
      const other = ids.find((id) => id !== stalled)!;
      // Well within the hanging upload's lease (timeout 2 s + 5 s): only its own card is held.
      await eventually(
        async () => (await flow.api(`/api/aliases/${other}`)).status,
        (status) => status === 404,
        'the other card deleted meanwhile',
        { timeoutMs: 3000, intervalMs: 100 },
      );
    } finally {
      releaseStall();
    }
    assert.equal(uploads.get(ids.find((id) => id !== stalled)!), 1);
  });
});
