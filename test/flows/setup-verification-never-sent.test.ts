/**
 * A setup session's card verification whose DirectLink order never reached the platform: the
 * request timed out before it left (a connection that never opened, as a TimeoutError tells the
 * server nothing more). The FlexCheckout return rightly sends the shopper to our status page
 * (`pending`: the order may have reached the platform) and holds the session's claim while the
 * reconciler asks (aliases/setup-return.ts verify).
 *
 * The reconciler then asks: the platform does not know the order (maintenance/sync.ts
 * orderUnknown), which clears `syncNeeded` and leaves the attempt a draft nobody will ever send —
 * only a reload of the FlexCheckout return URL would, and the shopper is on the status page. Yet
 * payments/setup-destination.ts setupOutcome keeps answering `pending` for it as long as the
 * session's `claimReference` names it, and a claim is never cleared when it expires: the status
 * page goes on saying "we are checking your card" (card_pending, refreshing) long after the claim
 * ran out, until the session itself expires — 24 hours by default — and then says "not confirmed",
 * never "not saved, try again". The same rule already answers `not_saved` for a draft nobody is
 * verifying whose session another attempt claimed (test/flows/setup-second-tab-while-challenged).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { eventually } from '../support/waiting.ts';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard } from './setup-helpers.ts';

describe('setup verification whose order never reached the platform', () => {
  let flow: FlowServer;
  let offsetMs = 0;
  let dropNextOrder = false;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      clock: { now: () => new Date(Date.now() + offsetMs) },
      reconciler: { intervalMs: 150, afterMs: 300 },
      directLink: {
        timeoutMs: 5000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          if (dropNextOrder && String(input).includes('orderdirect')) {
            dropNextOrder = false;
            // Timed out before anything was sent: the platform never sees this order.
            throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  it('is not shown "checking your card" once the platform said it never got it and the claim ran out', async () => {
    const id = await setupSession(flow, 'cust-never-sent', { expiresIn: 24 * 3600 });
    const attempt = await navigate(flow, id);
    const back = await typeCard(attempt.url, '4111111111111111');
    dropNextOrder = true;
    const landing = await land(back);
    const statusPage = `${flow.url}/payment/status/${encodeURIComponent(attempt.reference)}`;
    assert.equal(landing.location, statusPage, 'the answer was lost: the status page follows it');

    // The reconciler asks the platform: it does not know the order; nothing is awaited any more.
    const db = new Database((flow.database.options as { file: string }).file, { readonly: true });
    try {
      await eventually(
        async () =>
          db.prepare('select state, sync_needed from transactions where reference = ?').get(attempt.reference) as {
            state: string;
            sync_needed: number;
          },
        (row) => row.state === 'draft' && row.sync_needed === 0,
        'the reconciler found the verification unknown to the platform',
        { timeoutMs: 8000 },
      );
    } finally {
      db.close();
    }
    assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.status, 'open');

    // Fifteen minutes later: the claim (10 minutes) is over, the session (24 hours) is not.
    offsetMs = 15 * 60_000;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const html = await (await fetch(statusPage, { headers: BROWSER_HEADERS })).text();
    const shown = /data-page="([^"]+)"/.exec(html)?.[1];
    assert.equal(
      shown,
      'card_not_saved',
      `the verification never reached the platform, the platform said so, and nothing will send it; ` +
        `the shopper's status page still says ${String(shown)} (and will until the session expires)`,
    );
  });
});
