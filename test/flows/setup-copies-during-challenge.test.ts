/**
 * Review r1050. Copies of the FlexCheckout return (a reload while the first is still loading, a double
 * redirect) for a card whose verification asks for 3-D Secure (STATUS 46). README / §15: "the
 * other copies wait for its outcome (up to 15 s) and send the browser to the same place". The copy
 * that sent the order gets our challenge page; every other copy is sent to the status page
 * ("being checked"), which offers no challenge. A reload shows the browser the last copy's answer:
 * the shopper never sees the 3-D Secure page, the verification can never complete, and the
 * session's claim holds it for ten minutes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard } from './setup-helpers.ts';

describe('copies of a setup return whose verification asks for 3-D Secure', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it('every copy is sent to the challenge page, not one of them only', async () => {
    const id = await setupSession(flow, 'cust-r1050-3ds-copies');
    const attempt = await navigate(flow, id);
    const back = await typeCard(attempt.url, '4000000000000002');
    const landings = await Promise.all([land(back), land(back), land(back)]);
    const kinds = landings.map((l) =>
      l.location?.includes('/payment/challenge/')
        ? 'challenge'
        : l.location?.includes('/payment/status/')
          ? 'status page'
          : String(l.location),
    );
    assert.deepEqual(kinds, ['challenge', 'challenge', 'challenge'], `copies went to: ${JSON.stringify(landings.map((l) => l.location))}`);
  });

  it('a reload of the return once the challenge is shown goes to the challenge page again', async () => {
    const id = await setupSession(flow, 'cust-r1050-3ds-reload');
    const attempt = await navigate(flow, id);
    const back = await typeCard(attempt.url, '4000000000000002');
    const first = await land(back);
    assert.match(String(first.location), /\/payment\/challenge\//);
    const reload = await land(back);
    assert.match(String(reload.location), /\/payment\/challenge\//, `the reload went to ${reload.location}`);
  });
});
