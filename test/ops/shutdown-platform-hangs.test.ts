/**
 * SIGTERM (`systemctl stop`, a deploy) while a merchant request waits on DirectLink and
 * Ogone does not answer (its platform slow or unreachable: packets dropped).
 *
 * README "Operations: what is guaranteed", Shutdown: "requests in flight finish (at most
 * `SHUTDOWN_GRACE_SECONDS`, then their connections are cut) … the database closes, and the
 * process exits 0." docs/deploy.md §4: "`TimeoutStopSec=30` leaves it that time before systemd's
 * SIGKILL — keep it above the grace period."
 *
 * The operator sizes TimeoutStopSec from SHUTDOWN_GRACE_SECONDS. Review r1200 found the request
 * cut at the grace period and the database closed ("signer server stopped"), but the process
 * itself alive until the DirectLink call's own 40 s timeout let the event loop empty: longer than
 * the unit's 30 s, so systemd SIGKILLed it. The serve command now exits once closed
 * (server/commands/serve.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { MERCHANT_API_KEY, SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { api, createPayment } from '../support/merchant.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';

const GRACE_SECONDS = 2;
/** The shipped unit's TimeoutStopSec. */
const TIMEOUT_STOP_SEC = 30;

describe('SIGTERM while a capture waits on an Ogone that does not answer', { timeout: 120_000 }, () => {
  let sandbox: RunningSandbox;
  let server: ServerProcess;
  let ogoneSilent = false;
  let dataDir: string;

  before(async () => {
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      // Once silent, the platform takes requests and never answers them.
      observe: async () => {
        if (ogoneSilent) await new Promise(() => {});
      },
    });
    dataDir = await mkdtemp(path.join(tmpdir(), 'r1200-sigterm-'));
    server = await spawnServer({
      env: serverEnv(sandbox.url, {
        DATA_DIR: dataDir,
        OGONE_OPERATION: 'RES',
        SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
        RECONCILE_INTERVAL_SECONDS: '0',
      }),
    });
  });

  after(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    ogoneSilent = false;
    await sandbox?.close().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`the process exits within SHUTDOWN_GRACE_SECONDS and a margin, well before TimeoutStopSec (${TIMEOUT_STOP_SEC} s)`, async () => {
    const payment = await createPayment(server.url, { amount: 2000, currency: 'EUR' });
    const back = await payOnHostedPage(payment.attempt, '4111111111111111');
    await (await fetch(back, { redirect: 'manual' })).arrayBuffer(); // the shopper's browser comes back
    const paid = await api(server.url, `/api/transactions/${payment.reference}`);
    assert.equal(paid.body.state, 'authorized', JSON.stringify(paid.body).slice(0, 300));

    ogoneSilent = true;
    void fetch(`${server.url}/api/transactions/${payment.reference}/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'capture-r1200' },
      body: '{}',
    }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const started = Date.now();
    server.child.kill('SIGTERM');
    const code = await Promise.race([
      server.exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), TIMEOUT_STOP_SEC * 1000)),
    ]);
    const seconds = (Date.now() - started) / 1000;
    const stopped = /signer server stopped/.test(server.output().stdout + server.output().stderr);
    assert.notEqual(
      code,
      'still running',
      `still running ${TIMEOUT_STOP_SEC} s after SIGTERM: systemd would SIGKILL it (logged "signer server stopped": ${stopped})`,
    );
    assert.ok(
      seconds <= GRACE_SECONDS + 8,
      `exit ${code} took ${seconds.toFixed(1)} s after SIGTERM with SHUTDOWN_GRACE_SECONDS=${GRACE_SECONDS} (logged "signer server stopped": ${stopped})`,
    );
    assert.equal(code, 0);
  });
});
