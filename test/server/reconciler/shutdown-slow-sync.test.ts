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
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../../support/merchant.ts';
import { useSyncingServer } from '../../support/shutdown-during-sync.ts';

/** How long the platform takes to answer each query: under the client's 10 s query timeout. */
const QUERY_ANSWER_MS = 7_000;

describe('SIGTERM (SHUTDOWN_GRACE_SECONDS=0) during a reconciler sync against a slow Ogone', { timeout: 120_000 }, () => {
  const server = useSyncingServer({
    prefix: 'r1735-',
    queryAnswerMs: QUERY_ANSWER_MS,
    // The capture stays "in progress" (91) at the platform for the whole test.
    sandbox: { maintenanceDelayMs: 600_000 },
  });

  it('stops with exit 0 and "signer server stopped", the sync in progress cut rather than the deadline hit', async () => {
    const payment = await server.paidPayment();
    const paid = await api(server.url, `/api/transactions/${payment.reference}`);
    assert.equal(paid.body.state, 'authorized', JSON.stringify(paid.body).slice(0, 300));

    server.watchQueries();
    const capture = await api(server.url, `/api/transactions/${payment.reference}/capture`, { json: {} });
    assert.ok(capture.status < 300, `capture answered ${capture.status}: ${JSON.stringify(capture.body).slice(0, 300)}`);

    // The reconciler's round has sent its first query of this payment (the head): stop now.
    await server.sigtermDuringSync(() => `, ${server.queries.length} queries sent`, /stopp|SIGTERM|shutting|reconcil/);
  });
});
