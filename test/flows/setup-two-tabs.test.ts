/**
 * A setup session (saving a card without paying) open in two tabs. Tab 1 saves card X; tab 2's
 * FlexCheckout return (card Y, a valid signed return of an attempt of ours) finds the session
 * completed. Card Y was neither verified nor recorded, so tab 2 goes to the failure URL with its
 * own reference — not to the success URL, as if Y were saved (aliases/setup-return.ts settled).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { BROWSER_INFO, startFlowServer, type FlowServer } from './helpers.ts';

const SUCCESS = 'https://shop.example.com/account/cards?saved=1';
const FAILURE = 'https://shop.example.com/account/cards?failed=1';

describe('a setup session in two tabs', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  async function navigate(sessionId: string) {
    const response = await fetch(`${flow.url}/checkout/sessions/${sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'fr-BE', browser: BROWSER_INFO }),
    });
    assert.equal(response.status, 201);
    return (await response.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
  }
  async function typeCard(url: string, card: string): Promise<string> {
    const html = await (await fetch(url, { headers: BROWSER_HEADERS })).text();
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    const formAction = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    assert.ok(token && formAction, html);
    const saved = await fetch(formAction, {
      method: 'POST',
      body: new URLSearchParams({ TOKEN: token, ACTION: 'save', CARDNO: card, ED: '12/39', CVC: '123', CN: 'Zoë Test' }),
      headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    assert.equal(saved.status, 303);
    return saved.headers.get('location')!;
  }
  const land = async (url: string) => (await fetch(url, { headers: BROWSER_HEADERS, redirect: 'manual' })).headers.get('location');

  it("the second tab's card, never saved, is not reported saved", async () => {
    const created = await flow.api('/api/checkout-sessions', {
      mode: 'setup',
      customer: { id: 'cust-two-tabs', name: 'Zoë Test' },
      successUrl: SUCCESS,
      failureUrl: FAILURE,
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const tab1 = await navigate(id);
    const tab2 = await navigate(id);
    const back1 = await typeCard(tab1.url, '4111111111111111');
    const back2 = await typeCard(tab2.url, '5555555555554444');
    assert.equal(await land(back1), `${SUCCESS}&reference=${tab1.reference}`);

    const location2 = await land(back2);
    const aliases = (await flow.api('/api/customers/cust-two-tabs/aliases')).body.data as Array<Record<string, any>>;
    const tx2 = (await flow.api(`/api/transactions/${tab2.reference}`)).body;
    assert.deepEqual(
      aliases.map((a) => a.last4),
      ['1111'],
    );
    assert.equal(tx2.state, 'draft');
    assert.equal(location2, `${FAILURE}&reference=${tab2.reference}`, 'tab 2 is told its card was not saved');
  });
});
