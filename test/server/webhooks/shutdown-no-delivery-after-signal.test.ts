/**
 * Found by review r1737 (2026-12-07), now fixed.
 * The fix: start-server stops the background workers at once, together, beside the drain, and the dispatcher's close() cuts a POST in flight, recorded not delivered and due again at once (same event id).
 *
 * SIGTERM with SHUTDOWN_GRACE_SECONDS=0: the webhook dispatcher keeps claiming and posting events
 * after the stop began, and its close then waits out the whole POST timeout, past serve's deadline.
 *
 * What is wrong: start-server.ts closes the background work one after the other — the reconciler,
 * the alias deleter, the retention purger, and only then the dispatcher. Until its turn the
 * dispatcher runs as usual: an event written meanwhile (here by the reconciler's sync in progress,
 * which the shutdown lets finish: its one query answered in a second, the capture settled,
 * `payment.captured` written) is claimed and POSTed *after* SIGTERM. The dispatcher's close does
 * not cut a POST in flight: it waits for the 10 s timeout. With a grace of 0, serve's deadline is
 * 10 s after the signal (server/commands/serve.ts), so a merchant endpoint that is slow at that
 * moment makes the stop log "stopping took too long" and exit 1, the database never closed and
 * the attempt never recorded. Nothing here is slow on Ogone's side; the sync is one normal round.
 *
 * Why it matters: README "Operations: what is guaranteed", Shutdown: "the webhook dispatcher and
 * reconciler stop, … the database closes, and the process exits 0"; exit 1 is documented only for
 * a database gone silent. The operator gets a failed unit and an error on a routine deploy, and
 * webhooks go out during a shutdown that has already started.
 *
 * Expected instead: no new delivery starts once the stop has begun (or the one in flight is cut at
 * close and retried later), so the server logs "signer server stopped" and exits 0 within its
 * deadline; the event is delivered after the restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api } from '../../support/merchant.ts';
import { useSyncingServer } from '../../support/shutdown-during-sync.ts';

/** How long the platform takes to answer a query: an ordinary second. */
const QUERY_ANSWER_MS = 1_000;

describe('SIGTERM (SHUTDOWN_GRACE_SECONDS=0) while the reconciler settles a capture', { timeout: 120_000 }, () => {
  let endpoint: Server;
  const received: string[] = [];

  // The merchant's endpoint answers every event at once, but is slow on `payment.captured`: it
  // takes it and does not answer within the dispatcher's timeout. Started before the server, which
  // is given its URL.
  before(async () => {
    endpoint = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const type = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string }).type;
        received.push(type);
        if (type !== 'payment.captured') response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  });
  const server = useSyncingServer({
    prefix: 'r1737-',
    queryAnswerMs: QUERY_ANSWER_MS,
    env: () => ({ WEBHOOK_URL: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hooks` }),
  });
  // Registered after the server's: the endpoint closes once the server is gone.
  after(async () => {
    endpoint?.closeAllConnections();
    await new Promise((resolve) => endpoint?.close(resolve));
  });

  it('starts no delivery after the signal that it then waits out: exit 0, "signer server stopped"', async () => {
    const payment = await server.paidPayment();
    // A capture the platform processes offline: answered 91, settled (9) when next asked.
    const capture = await api(server.url, `/api/transactions/${payment.reference}/capture`, { json: {} });
    assert.ok(capture.status < 300, `capture answered ${capture.status}: ${JSON.stringify(capture.body).slice(0, 300)}`);
    assert.equal(capture.body.outcome, 'pending', JSON.stringify(capture.body).slice(0, 300));
    server.watchQueries();

    // The reconciler's sync of the capture has sent its first query: stop now.
    await server.sigtermDuringSync(() => `; events posted: ${received.join(', ')}`, /stopp|SIGTERM|shutting|webhook/);
  });
});
