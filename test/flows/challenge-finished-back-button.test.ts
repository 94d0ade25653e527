/**
 * The 3-D Secure challenge page, reached again after the challenge finished.
 *
 * A shopper pays with a saved card that asks for 3-D Secure, approves it at the issuer, lands back
 * on the shop — then presses Back (or reloads the tab left on the challenge, or opens it from the
 * browser's history). Review r1190 found `GET /payment/challenge/:token` answering 410 with a bare
 * English page, "This authentication is already finished", and nothing else: not a word of whether the payment went
 * through, no way to the status page (`/payment/status/:reference`, README: "a status page for
 * shops without their own") nor back to the shop's `successUrl?reference=…` (README "Embedding":
 * "comes back to `successUrl?reference=<ORDERID>`"), and in English for a French shopper whose
 * every other page (status page, widget) speaks French. A shopper who does not know whether they
 * were charged pays again. A finished challenge now leads to the payment's status page (303).
 *
 * Real server (startServer with the sandbox), real saved card, real challenge.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { answerChallenge, challengeForm } from '../support/hosted-page.ts';
import { BROWSER_INFO, type FlowServer, postAttempt, saveCard, startFlowServer } from './helpers.ts';

describe('a finished 3-D Secure challenge opened again (sqlite)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite');
    card = await saveCard(flow, 'cust-r1190', '4000000000000002');
  });
  after(() => flow?.close());

  it("leads the shopper to the payment's result, in their language, rather than a dead end", async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 2450,
      currency: 'EUR',
      customer: { id: 'cust-r1190', name: 'Zoë Test' },
      saveCard: 'optional',
      locale: 'fr-BE',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const attempt = (await (await postAttempt(flow, created.body.id, { aliasId: card, browser: BROWSER_INFO })).json()) as AttemptResult;
    assert.equal(attempt.kind, 'challenge', JSON.stringify(attempt));
    const { url, reference } = attempt as Extract<AttemptResult, { kind: 'challenge' }>;

    const form = await challengeForm(url);
    await answerChallenge(form.action, form.token, 'approve');
    const deadline = Date.now() + 15_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await flow.api(`/api/transactions/${reference}`)).body.state as string;
      if (state !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(state, /^(authorized|captured)$/, 'the challenge approved, the payment is paid');

    // The Back button: the challenge page again.
    const again = await fetch(url, { headers: { ...BROWSER_HEADERS, 'accept-language': 'fr-BE,fr;q=0.9' }, redirect: 'manual' });
    const location = again.headers.get('location') ?? '';
    const body = await again.text();
    const statusPage = `/payment/status/${reference}`;
    const leadsOn =
      (again.status >= 300 &&
        again.status < 400 &&
        (location.includes(statusPage) || location.startsWith('https://shop.example.com/thanks'))) ||
      body.includes(statusPage) ||
      body.includes('https://shop.example.com/thanks');
    assert.ok(
      leadsOn,
      `a paid payment's finished challenge is a dead end: ${again.status} ${location ? `→ ${location} ` : ''}${JSON.stringify(body)}`,
    );
    if (again.status === 200 || again.status === 410) assert.match(body, /<html lang="fr/, "in the shopper's language");
  });
});
