/**
 * A setup session's card verification whose DirectLink answer does not echo ALIAS.
 *
 * The verification is a DirectLink order with ALIAS alone (aliases/setup-return.ts). The platform
 * returns ALIAS in DirectLink answers only when the back office is set to (DirectLink guide,
 * "ALIAS" in the answer's fields; docs/ogone-protocol.md §15). We sent the alias ourselves — an
 * authorised answer to that order proves that very alias works — yet feedback/decide.ts recorded
 * the card only when the answer's ALIAS equalled aliasRequest, while it marked the session paid
 * regardless: the shopper was sent to the success URL ("card saved"), the session said saved, and
 * the customer had no saved card and no checkout.setup_completed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { events, saveBySetup, SUCCESS } from './setup-helpers.ts';

describe('setup verification answered without ALIAS', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      directLink: {
        timeoutMs: 5000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (!String(input).includes('orderdirect')) return response;
          // An account whose back office does not add ALIAS to DirectLink answers.
          const xml = (await response.text()).replace(/\sALIAS="[^"]*"/g, '');
          return new Response(xml, { status: response.status, headers: response.headers });
        },
      },
    });
  });
  after(() => flow?.close());

  it('a session reported saved has the saved card it reports', async () => {
    const customerId = 'cust-no-alias-echo';
    const { sessionId, reference, landing } = await saveBySetup(flow, customerId);
    const session = (await (await fetch(`${flow.url}/checkout/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    const aliases = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as Array<Record<string, any>>;
    const completed = await events(flow, 'checkout.setup_completed', reference);
    assert.equal(landing.location, `${SUCCESS}&reference=${reference}`, 'the verification was authorised');
    assert.equal(session.status, 'paid');
    assert.deepEqual(
      { aliases: aliases.length, setupCompleted: completed.length },
      { aliases: 1, setupCompleted: 1 },
      `the shopper was sent to ${landing.location} and the session is ${String(session.status)}, ` +
        `but the customer has ${aliases.length} saved card(s) and ${completed.length} checkout.setup_completed`,
    );
  });
});
