/**
 * Found by review r1735 (2026-12-07), now fixed.
 * The fix: the reconciler's close() aborts the queries of the sync in flight (DirectLink query's stop signal) and starts no round once the stop began; a cut query applies nothing and its payment is handed back.
 *
 * SIGTERM with SHUTDOWN_GRACE_SECONDS=0 while the reconciler syncs a payment whose capture is in
 * flight, against an Ogone that answers each query slowly but within the 10 s query timeout.
 *
 * What is wrong: `serve` gives the whole close SHUTDOWN_GRACE_SECONDS + 10 s (its stop deadline,
 * server/commands/serve.ts), but the reconciler's close only stops *between* payments: the sync
 * in progress runs to its end, and a sync sends several queries one after the other (the head,
 * then one per history level of an operation in flight: docs/ogone-protocol.md §8, §9). Nothing
 * cuts it (the alias deleter's DELALIAS is aborted at close, the reconciler's queries are not). A
 * platform answering each query in 7 s makes one sync last 14 s: the deadline fires, the process
 * logs "stopping took too long" and exits 1 with the database never closed.
 *
 * Why it matters: README "Operations: what is guaranteed", Shutdown, promises that on SIGTERM the
 * reconciler stops, the database closes and the process exits 0, exit 1 being kept for "a close
 * that cannot finish (a database gone silent)". Here the database is healthy: the operator sees
 * an error and a failed unit (systemd records `Result: exit-code`, OnFailure= alerts fire) on a
 * routine deploy whenever Ogone is slow, and the last group commit / clean close is skipped.
 *
 * Expected instead: the stop honours its own deadline, i.e. the reconciler's close cuts (or does
 * not start) further queries of the sync in progress, so the server logs "signer server stopped"
 * and exits 0.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServer, type ServerProcess } from '../../support/processes.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { api, createPayment } from '../../support/merchant.ts';
import { payOnHostedPage } from '../../support/hosted-page.ts';
import { eventually } from '../../support/waiting.ts';

/** How long the platform takes to answer each query: under the client's 10 s query timeout. */
const QUERY_ANSWER_MS = 7_000;

describe('SIGTERM (SHUTDOWN_GRACE_SECONDS=0) during a reconciler sync against a slow Ogone', { timeout: 120_000 }, () => {
  let sandbox: RunningSandbox;
  let server: ServerProcess;
  let dataDir: string;
  let slowQueries = false;
  const queriesSeen: number[] = [];

  before(async () => {
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      // The capture stays "in progress" (91) at the platform for the whole test.
      maintenanceDelayMs: 600_000,
      observe: async (request) => {
        if (!slowQueries || !new URL(request.url).pathname.includes('querydirect')) return;
        queriesSeen.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, QUERY_ANSWER_MS));
      },
    });
    dataDir = await mkdtemp(path.join(tmpdir(), 'r1735-'));
    server = await spawnServer({
      env: serverEnv(sandbox.url, {
        DATA_DIR: dataDir,
        OGONE_OPERATION: 'RES',
        SHUTDOWN_GRACE_SECONDS: '0',
        RECONCILE_INTERVAL_SECONDS: '1',
        RECONCILE_AFTER_SECONDS: '0',
      }),
    });
  });

  after(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    slowQueries = false;
    await sandbox?.close().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stops with exit 0 and "signer server stopped", the sync in progress cut rather than the deadline hit', async () => {
    const payment = await createPayment(server.url, { amount: 2000, currency: 'EUR' });
    const back = await payOnHostedPage(payment.attempt, '4111111111111111');
    await (await fetch(back, { redirect: 'manual' })).arrayBuffer();
    const paid = await api(server.url, `/api/transactions/${payment.reference}`);
    assert.equal(paid.body.state, 'authorized', JSON.stringify(paid.body).slice(0, 300));

    slowQueries = true;
    const capture = await api(server.url, `/api/transactions/${payment.reference}/capture`, { json: {} });
    assert.ok(capture.status < 300, `capture answered ${capture.status}: ${JSON.stringify(capture.body).slice(0, 300)}`);

    // The reconciler's round has sent its first query of this payment (the head).
    await eventually(
      () => queriesSeen.length,
      (n) => n > 0,
      'a reconciler query reaching the platform',
      { timeoutMs: 20_000 },
    );
    const started = Date.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    const seconds = (Date.now() - started) / 1000;
    const output = server.output().stdout + server.output().stderr;
    assert.ok(
      /signer server stopped/.test(output) && !/stopping took too long/.test(output),
      `exit ${code} ${seconds.toFixed(1)} s after SIGTERM, ${queriesSeen.length} queries sent; the close hit serve's deadline:\n${output
        .split('\n')
        .filter((line) => /stopp|SIGTERM|shutting|reconcil/.test(line))
        .join('\n')}`,
    );
    assert.equal(code, 0);
  });
});
