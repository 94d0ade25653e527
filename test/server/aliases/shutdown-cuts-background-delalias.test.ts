/**
 * Found by review r1697 (2026-12-07), now fixed.
 * The fix: the alias deleter's close() aborts the DELALIAS upload in flight (a stop signal beside its timeout); the cut attempt is retried as any unanswered one
 *
 * r1697 — SIGTERM waits for a card deletion that the background retries and Ogone does not
 * answer. The stop takes the whole upload timeout, and serve's watchdog ends it with exit 1.
 *
 * What is wrong: on close (server/start-server.ts `close()`), after the requests have drained, the
 * server awaits `aliasDeleter.close()`, which waits for the running round
 * (server/aliases/deletion.ts). A round whose DELALIAS upload is on the wire waits for the
 * upload's own timeout (30 s by default, DEFAULT_ALIAS_DELETION.timeoutMs). Nothing cuts it at the
 * grace period as requests are cut. serve gives the close SHUTDOWN_GRACE_SECONDS + 10 s
 * (server/commands/serve.ts CLOSE_MARGIN_MS), then logs "stopping took too long" and exits 1.
 * The database is never closed, and the Idempotency-Keys of requests cut off are never released
 * (that comes after `repo.close()`).
 *
 * Why it matters (an operator, a merchant): README "Operations: what is guaranteed", Shutdown,
 * promises that on SIGTERM "the webhook dispatcher and reconciler stop, the last group commit is
 * written, the database closes, and the process exits 0 — at once, even while a request cut off
 * still waits on Ogone". Only "a close that cannot finish (a database gone silent)" is to end
 * with exit 1. An Ogone slow to answer a Batch upload is the platform trouble that makes deletions
 * pending in the first place (docs/ogone-protocol.md §10: the failed DELALIAS is retried in the
 * background). A deploy (`systemctl restart`, one instance at a time, docs/deploy.md §9) then
 * takes 20 s instead of a moment, ends in exit 1 with "stopping took too long", and leaves a
 * cut-off request's Idempotency-Key held, so the merchant's retry meets 409 (README "Idempotency").
 *
 * What the test expects: with SHUTDOWN_GRACE_SECONDS=1 and nothing in flight but a background
 * DELALIAS that Ogone holds, `close()` resolves well within the grace period plus serve's 10 s
 * margin. It does not expect to wait for the upload's 30 s timeout.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard, startFlowServer, type FlowServer } from '../../flows/helpers.ts';
import { eventually } from '../../support/waiting.ts';

const GRACE_SECONDS = 1;
/** serve.ts CLOSE_MARGIN_MS: past grace + this, serve exits 1 ("stopping took too long"). */
const CLOSE_MARGIN_MS = 10_000;
/** The shipped default upload timeout of a DELALIAS (aliases/deletion.ts DEFAULT_ALIAS_DELETION). */
const UPLOAD_TIMEOUT_MS = 30_000;

describe('r1697: SIGTERM while a background DELALIAS waits on Ogone', { timeout: 120_000 }, () => {
  let flow: FlowServer | undefined;
  const realFetch = globalThis.fetch;
  let mode: 'fail' | 'hang' = 'fail';
  let hanging = 0;

  before(async () => {
    globalThis.fetch = (async (input: any, init?: any) => {
      if (String(input instanceof Request ? input.url : input).includes('AFU_agree.asp')) {
        if (mode === 'fail') return new Response('busy', { status: 503 });
        // Ogone takes the upload and does not answer: only the caller's own timeout ends it.
        hanging++;
        const signal: AbortSignal | undefined = init?.signal;
        // A real socket keeps the event loop alive while it waits; so does this timer.
        const socket = setInterval(() => {}, 1000);
        return new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener(
            'abort',
            () => {
              clearInterval(socket);
              reject(signal.reason);
            },
            { once: true },
          );
        });
      }
      return realFetch(input, init);
    }) as typeof fetch;
    flow = await startFlowServer('sqlite', {
      aliasDeletion: { intervalMs: 200, firstRetryMs: 1, maxRetryMs: 1, timeoutMs: UPLOAD_TIMEOUT_MS },
      env: { SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) },
    });
  });
  after(async () => {
    globalThis.fetch = realFetch;
    await flow?.database.drop().catch(() => {});
  });

  it('close() does not wait for the upload timeout', async () => {
    const server = flow!;
    const id = await saveCard(server, 'cust-r1697', '4111111111111111');
    // The platform refuses the DELALIAS: the card stays pending, retried in the background.
    assert.equal((await server.api(`/api/aliases/${id}`, 'DELETE')).status, 202);
    mode = 'hang';
    await eventually(
      () => hanging,
      (count) => count > 0,
      'a background DELALIAS on the wire',
      { timeoutMs: 10_000 },
    );

    const started = Date.now();
    await server.server.close();
    const tookMs = Date.now() - started;
    assert.ok(
      tookMs < GRACE_SECONDS * 1000 + CLOSE_MARGIN_MS,
      `close() took ${tookMs} ms, past serve's deadline of ${GRACE_SECONDS * 1000 + CLOSE_MARGIN_MS} ms (exit 1, database not closed)`,
    );
  });
});
