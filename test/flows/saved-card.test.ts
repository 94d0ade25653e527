/**
 * Paying with a saved card from the widget, over real HTTP against the sandbox, on SQLite and
 * PostgreSQL: no 3-D Secure (paid at once), 3-D Secure approved and failed (our challenge page,
 * the auto-post to the issuer, the result through /payment/ogone/return), another customer's
 * card (nothing sent), wrong API credentials (a clear 502 without the password).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { answerChallenge } from '../support/hosted-page.ts';
import { BROWSER_INFO, type FlowServer, postAttempt, sandboxPayments, saveCard, startFlowServer, wrongPasswordFetch } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`saved-card payments on ${kind}`, () => {
    let flow: FlowServer;
    let breakPassword = false;
    let plainCard: string;
    let secureCard: string;

    before(async () => {
      flow = await startFlowServer(kind, {
        directLink: {
          fetch: wrongPasswordFetch(() => breakPassword),
        },
      });
      plainCard = await saveCard(flow, 'cust-plain', '4111111111111111');
      secureCard = await saveCard(flow, 'cust-3ds', '4000000000000002');
    });
    after(() => flow?.close());

    async function session(customerId: string, amount = 2500) {
      const created = await flow.api('/api/checkout-sessions', {
        amount,
        currency: 'EUR',
        customer: { id: customerId, name: 'Zoë Test', email: 'zoe@example.com' },
        saveCard: 'optional',
        locale: 'fr-BE',
        successUrl: 'https://shop.example.com/thanks',
        failureUrl: 'https://shop.example.com/cart',
      });
      assert.equal(created.status, 201);
      return created.body.id as string;
    }

    const attempt = (sessionId: string, aliasId: string) => postAttempt(flow, sessionId, { aliasId, browser: BROWSER_INFO });

    it("lists the customer's saved cards, masked", async () => {
      const list = await flow.api('/api/customers/cust-plain/aliases');
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.data.map((a: { last4: string; cardNumber: string }) => [a.last4, a.cardNumber]),
        [['1111', 'XXXXXXXXXXXX1111']],
      );
    });

    it('a card without 3-D Secure is paid at once (ALIAS, ECI 7, 3-D Secure requested)', async () => {
      const id = await session('cust-plain');
      const response = await attempt(id, plainCard);
      assert.equal(response.status, 201);
      const result = (await response.json()) as AttemptResult;
      assert.equal(result.kind, 'completed');
      assert.ok(result.kind === 'completed' && result.state === 'captured');
      assert.equal(result.kind === 'completed' && result.successUrl, `https://shop.example.com/thanks?reference=${result.reference}`);
      const transaction = await flow.api(`/api/transactions/${result.reference}`);
      assert.equal(transaction.body.state, 'captured');
      // The saved card is on the payment from the start: DirectLink's answer carries no card number.
      assert.equal(transaction.body.cardNumber, 'XXXXXXXXXXXX1111');
      assert.equal(transaction.body.brand, 'VISA');
      assert.equal(transaction.body.capturedAmount, 2500);
      const [payment] = await sandboxPayments(flow, result.reference);
      assert.equal(payment?.eci, '7');
      assert.match(String(payment?.alias), /^OC-/);
      const view = (await (await fetch(`${flow.url}/checkout/sessions/${id}`)).json()) as { status: string };
      assert.equal(view.status, 'paid');
    });

    async function startChallenge(customer: string) {
      const id = await session(customer, 3100);
      const response = await attempt(id, secureCard);
      assert.equal(response.status, 201);
      const result = (await response.json()) as AttemptResult;
      assert.equal(result.kind, 'challenge');
      if (result.kind !== 'challenge') throw new Error('no challenge');
      assert.ok(result.url.startsWith(`${flow.url}/payment/challenge/`));
      assert.equal((await flow.api(`/api/transactions/${result.reference}`)).body.state, 'pending');

      // The browser opens our page: the platform's auto-posting form under a strict CSP.
      const page = await fetch(result.url, { headers: BROWSER_HEADERS });
      assert.equal(page.status, 200);
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'/);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
      assert.match(csp, /form-action 'self'/);
      const html = await page.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(action && token, html);
      // The auto-post lands on the issuer's (sandbox) authentication page.
      const acs = await fetch(action, {
        method: 'POST',
        body: new URLSearchParams({ TOKEN: token }),
        headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(acs.status, 200);
      assert.match(await acs.text(), /value="approve"/);
      return { result, action, token };
    }

    it('3-D Secure approved: the result comes back through /payment/ogone/return, the shopper lands on the success URL', async () => {
      const { result, action, token } = await startChallenge('cust-3ds');
      const back = await answerChallenge(action, token, 'approve');
      assert.ok(back.startsWith(`${flow.url}/payment/ogone/return?`), back);
      const landing = await fetch(back, { headers: BROWSER_HEADERS, redirect: 'manual' });
      assert.equal(landing.status, 303);
      assert.equal(landing.headers.get('location'), `https://shop.example.com/thanks?reference=${result.reference}`);
      const transaction = await flow.api(`/api/transactions/${result.reference}`);
      assert.equal(transaction.body.state, 'captured');
      assert.equal(transaction.body.status, 9);
      // The challenge page is over once the payment left pending: it leads to the status page.
      const over = await fetch(result.url, { redirect: 'manual' });
      assert.equal(over.status, 303);
      assert.match(over.headers.get('location') ?? '', new RegExp(`/payment/status/${result.reference}$`));
    });

    it('3-D Secure failed: declined, the shopper lands on the failure URL', async () => {
      const { result, action, token } = await startChallenge('cust-3ds');
      const back = await answerChallenge(action, token, 'fail');
      const landing = await fetch(back, { headers: BROWSER_HEADERS, redirect: 'manual' });
      assert.equal(landing.headers.get('location'), `https://shop.example.com/cart?reference=${result.reference}`);
      const transaction = await flow.api(`/api/transactions/${result.reference}`);
      assert.equal(transaction.body.state, 'declined');
      assert.equal(transaction.body.ncError, '40001134');
    });

    it("another customer's card, a deleted card or an unknown id: 404, nothing sent to the platform", async () => {
      const before = (await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: unknown[] };
      const id = await session('cust-someone-else');
      for (const aliasId of [plainCard, 'alias_does_not_exist']) {
        const response = await attempt(id, aliasId);
        assert.equal(response.status, 404);
        assert.deepEqual(((await response.json()) as { error: { field: string } }).error.field, 'aliasId');
      }
      const later = (await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: unknown[] };
      assert.equal(later.payments.length, before.payments.length);
      assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.transactions.length, 0);
    });

    it('wrong API credentials: a 502 naming NCERROR 50001119, the password nowhere', async () => {
      const id = await session('cust-plain');
      breakPassword = true;
      try {
        const response = await attempt(id, plainCard);
        assert.equal(response.status, 502);
        const text = await response.text();
        assert.match(text, /50001119/);
        assert.ok(!text.includes(flow.password) && !text.includes('WrongPassword1'));
      } finally {
        breakPassword = false;
      }
      const transactions = (await flow.api(`/api/checkout-sessions/${id}`)).body.transactions as Array<{ state: string }>;
      assert.deepEqual(
        transactions.map((t) => t.state),
        ['error'],
      );
    });
  });
}
