/**
 * Setup sessions (issue 19) end to end over real HTTP against the sandbox, on SQLite and
 * PostgreSQL: the FlexCheckout page, the signed return, the card verification (a small
 * authorisation cancelled at once), concurrent and replayed returns, a forged return, a refused
 * card, the 3-D Secure path through our challenge page, and the saved card then paying for the
 * shopper and being charged by the merchant like a card saved during a payment.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { answerChallenge, challengeForm } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { BROWSER_INFO, sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';

const SUCCESS = 'https://shop.example.com/account/cards?saved=1';
const FAILURE = 'https://shop.example.com/account/cards?failed=1';

for (const kind of DATABASE_KINDS) {
  describe(`setup sessions on ${kind}`, () => {
    let flow: FlowServer;

    before(async () => {
      flow = await startFlowServer(kind);
    });
    after(() => flow?.close());

    async function setupSession(customerId: string, extra: Record<string, unknown> = {}): Promise<string> {
      const created = await flow.api('/api/checkout-sessions', {
        mode: 'setup',
        customer: { id: customerId, name: 'Zoë Test', email: 'zoe@example.com' },
        successUrl: SUCCESS,
        failureUrl: FAILURE,
        ...extra,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    }

    async function navigate(sessionId: string): Promise<Extract<AttemptResult, { kind: 'navigate' }>> {
      const response = await fetch(`${flow.url}/checkout/sessions/${sessionId}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'fr-BE', browser: BROWSER_INFO }),
      });
      assert.equal(response.status, 201);
      const result = (await response.json()) as AttemptResult;
      assert.equal(result.kind, 'navigate');
      return result as Extract<AttemptResult, { kind: 'navigate' }>;
    }

    /** The shopper types a card on the sandbox's FlexCheckout page; answers the return URL it redirects to. */
    async function typeCard(url: string, card: string, action: 'save' | 'cancel' = 'save'): Promise<string> {
      const page = await fetch(url, { headers: BROWSER_HEADERS });
      const html = await page.text();
      assert.equal(page.status, 200, html);
      const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
      const formAction = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      assert.ok(token && formAction, html);
      const saved = await fetch(formAction, {
        method: 'POST',
        body: new URLSearchParams({ TOKEN: token, ACTION: action, CARDNO: card, ED: '12/39', CVC: '123', CN: 'Zoë Test' }),
        headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      assert.equal(saved.status, 303);
      return saved.headers.get('location')!;
    }

    async function land(returnUrl: string): Promise<{ status: number; location: string | null; text: string }> {
      const response = await fetch(returnUrl, { headers: BROWSER_HEADERS, redirect: 'manual' });
      return { status: response.status, location: response.headers.get('location'), text: await response.text() };
    }

    async function events(type: string, reference: string): Promise<Array<Record<string, any>>> {
      const list = await flow.api(`/api/events?type=${type}&reference=${encodeURIComponent(reference)}`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      return list.body.data as Array<Record<string, any>>;
    }

    const aliasesOf = async (customerId: string) =>
      (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as Array<Record<string, any>>;

    it('the attempt is the signed FlexCheckout URL: our fields, the alias kept permanently, our return URL', async () => {
      const id = await setupSession('cust-fields');
      const attempt = await navigate(id);
      const url = new URL(attempt.url);
      assert.equal(`${url.origin}${url.pathname}`, `${flow.url}/Tokenization/HostedPage`);
      const q = url.searchParams;
      assert.equal(q.get('ALIAS.ORDERID'), attempt.reference);
      assert.match(q.get('ALIAS.ALIASID') ?? '', /^OC-[A-Z0-9]{20}$/);
      assert.equal(q.get('ALIAS.STOREPERMANENTLY'), 'Y');
      assert.equal(q.get('CARD.PAYMENTMETHOD'), 'CreditCard');
      assert.equal(q.get('LAYOUT.LANGUAGE'), 'fr_FR');
      assert.equal(q.get('PARAMETERS.ACCEPTURL'), `${flow.url}/payment/flex/return`);
      assert.equal(q.get('PARAMETERS.EXCEPTIONURL'), `${flow.url}/payment/flex/return`);
      assert.match(q.get('SHASIGNATURE.SHASIGN') ?? '', /^[0-9A-F]{128}$/);
      // The sandbox accepts the signature (a wrong one shows its error page, 400).
      assert.equal((await fetch(attempt.url)).status, 200);
      const view = (await (await fetch(`${flow.url}/checkout/sessions/${id}`)).json()) as Record<string, unknown>;
      assert.equal(view.mode, 'setup');
      assert.equal(view.amount, 0);
      assert.equal(view.status, 'open');
    });

    it('saves the card: one verification (RES, 1.00, ECI 7, COF CIT/FIRST) cancelled at once, the alias, the event pair', async () => {
      const id = await setupSession('cust-save');
      const attempt = await navigate(id);
      const back = await typeCard(attempt.url, '4111111111111111');
      assert.ok(back.startsWith(`${flow.url}/payment/flex/return?`), back);
      const landing = await land(back);
      assert.equal(landing.status, 303, landing.text);
      assert.equal(landing.location, `${SUCCESS}&reference=${attempt.reference}`);

      const [alias, ...others] = await aliasesOf('cust-save');
      assert.equal(others.length, 0);
      assert.equal(alias?.last4, '1111');
      assert.equal(alias?.brand, 'VISA');
      assert.equal(alias?.expiry, '1239');
      assert.equal(alias?.alias, new URL(attempt.url).searchParams.get('ALIAS.ALIASID'));

      const [verification] = await sandboxPayments(flow, attempt.reference);
      assert.equal(verification?.operation, 'RES');
      assert.equal(verification?.eci, '7');
      assert.equal(verification?.alias, alias?.alias);
      assert.equal(verification?.amount, 100);
      assert.equal(verification?.parameters.COF_INITIATOR, 'CIT');
      assert.equal(verification?.parameters.COF_TRANSACTION, 'FIRST');
      // Cancelled at once (DES): the platform answers 61 "deletion waiting", then settles it to 6.
      const cancelling = await eventually(
        () => flow.api(`/api/transactions/${attempt.reference}`),
        (t) => t.body.status === 61 || t.body.state === 'cancelled',
        'the verification cancelled',
      );
      assert.equal(cancelling.body.capturedAmount, 0);
      await eventually(
        async () => (await sandboxPayments(flow, attempt.reference))[0]?.status,
        (status) => status === 6,
        'the verification cancelled at the platform',
      );

      const session = await flow.api(`/api/checkout-sessions/${id}`);
      assert.equal(session.body.mode, 'setup');
      assert.equal(session.body.status, 'paid');
      assert.deepEqual(session.body.savedCard, { aliasId: alias?.id, brand: 'VISA', last4: '1111', expiry: '1239' });
      const created = await events('alias.created', attempt.reference);
      const completed = await events('checkout.setup_completed', attempt.reference);
      assert.equal(created.length, 1);
      assert.equal(completed.length, 1);
      assert.equal(completed[0]?.data.sessionId, id);
      assert.equal(completed[0]?.data.card.aliasId, alias?.id);
    });

    it('ten concurrent copies of the return, then a replay: one verification, one alias, one event pair', async () => {
      const id = await setupSession('cust-concurrent');
      const attempt = await navigate(id);
      const back = await typeCard(attempt.url, '4111111111111111');
      const landings = await Promise.all(Array.from({ length: 10 }, () => land(back)));
      for (const landing of landings) assert.equal(landing.location, `${SUCCESS}&reference=${attempt.reference}`, landing.text);
      const replay = await land(back);
      assert.equal(replay.location, `${SUCCESS}&reference=${attempt.reference}`);
      assert.equal((await aliasesOf('cust-concurrent')).length, 1);
      assert.equal((await sandboxPayments(flow, attempt.reference)).length, 1);
      assert.equal((await events('alias.created', attempt.reference)).length, 1);
      assert.equal((await events('checkout.setup_completed', attempt.reference)).length, 1);
    });

    it('a return with a bad signature, or naming another alias: a page saying so, nothing stored, nothing sent', async () => {
      const id = await setupSession('cust-forged');
      const attempt = await navigate(id);
      const back = new URL(await typeCard(attempt.url, '4111111111111111'));
      const tampered = new URL(back);
      tampered.searchParams.set('Card.ExpiryDate', '0150');
      const forged = await land(tampered.toString());
      assert.equal(forged.status, 400);
      assert.match(forged.text, /signature/);
      const unsigned = new URL(back);
      unsigned.searchParams.delete('SHASign');
      assert.equal((await land(unsigned.toString())).status, 400);
      assert.equal((await aliasesOf('cust-forged')).length, 0);
      assert.equal((await sandboxPayments(flow, attempt.reference)).length, 0);
      assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.status, 'open');
      // The genuine return still works afterwards.
      assert.equal((await land(back.toString())).location, `${SUCCESS}&reference=${attempt.reference}`);
    });

    it('a card the verification refuses: no alias, the session stays open, another card saves', async () => {
      const id = await setupSession('cust-refused');
      const first = await navigate(id);
      const landing = await land(await typeCard(first.url, '4000000000000200'));
      assert.equal(landing.location, `${FAILURE}&reference=${first.reference}`);
      assert.equal((await flow.api(`/api/transactions/${first.reference}`)).body.state, 'declined');
      assert.equal((await aliasesOf('cust-refused')).length, 0);
      assert.equal((await events('alias.created', first.reference)).length, 0);
      const session = await flow.api(`/api/checkout-sessions/${id}`);
      assert.equal(session.body.status, 'open');
      assert.equal(session.body.savedCard, null);
      // The claim is free: the shopper tries another card at once.
      const second = await navigate(id);
      assert.equal((await land(await typeCard(second.url, '4111111111111111'))).location, `${SUCCESS}&reference=${second.reference}`);
      assert.equal((await aliasesOf('cust-refused')).length, 1);
    });

    it('the shopper cancels on FlexCheckout: back to the failure URL, nothing sent, the session open', async () => {
      const id = await setupSession('cust-cancel');
      const attempt = await navigate(id);
      const landing = await land(await typeCard(attempt.url, '4111111111111111', 'cancel'));
      assert.equal(landing.location, `${FAILURE}&reference=${attempt.reference}`);
      assert.equal((await sandboxPayments(flow, attempt.reference)).length, 0);
      assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.status, 'open');
    });

    it('3-D Secure: our challenge page, the result by the feedback, the alias saved and the verification cancelled', async () => {
      const id = await setupSession('cust-3ds');
      const attempt = await navigate(id);
      const landing = await land(await typeCard(attempt.url, '4000000000000002'));
      assert.equal(landing.status, 303);
      assert.ok(landing.location?.startsWith(`${flow.url}/payment/challenge/`), String(landing.location));
      assert.equal((await aliasesOf('cust-3ds')).length, 0, 'nothing saved before authentication');
      const { action, token } = await challengeForm(landing.location!);
      const feedback = await answerChallenge(action, token, 'approve');
      const done = await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), `${SUCCESS}&reference=${attempt.reference}`);
      const [alias] = await aliasesOf('cust-3ds');
      assert.equal(alias?.last4, '0002');
      await eventually(
        async () => (await sandboxPayments(flow, attempt.reference))[0]?.status,
        (status) => status === 6,
        'the verification cancelled at the platform after 3-D Secure',
      );
      assert.equal((await events('checkout.setup_completed', attempt.reference)).length, 1);
      assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.status, 'paid');
    });

    it('3-D Secure failed: no alias, the failure URL, the session open and free for another card', async () => {
      const id = await setupSession('cust-3ds-failed');
      const attempt = await navigate(id);
      const landing = await land(await typeCard(attempt.url, '4000000000000002'));
      const { action, token } = await challengeForm(landing.location!);
      const feedback = await answerChallenge(action, token, 'fail');
      const done = await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });
      assert.equal(done.headers.get('location'), `${FAILURE}&reference=${attempt.reference}`);
      assert.equal((await aliasesOf('cust-3ds-failed')).length, 0);
      assert.equal((await events('alias.created', attempt.reference)).length, 0);
      assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.status, 'open');
      // The claim was released with the declined verification: another card saves at once.
      const second = await navigate(id);
      const saved = await eventually(
        async () => (await land(await typeCard(second.url, '4111111111111111'))).location,
        (location) => location === `${SUCCESS}&reference=${second.reference}`,
        'another card saved',
      );
      assert.ok(saved);
    });

    it("forgetting the card from the widget: only the session's customer's, deleted at the platform, once", async () => {
      const id = await setupSession('cust-forget');
      const attempt = await navigate(id);
      await land(await typeCard(attempt.url, '4111111111111111'));
      const [alias] = await aliasesOf('cust-forget');
      assert.ok(alias);
      const atPlatform = async () =>
        ((await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> }).aliases.some(
          (stored) => stored.alias === alias.alias,
        );
      assert.equal(await atPlatform(), true);
      const forget = (sessionId: string, aliasId: string) =>
        fetch(`${flow.url}/checkout/sessions/${sessionId}/saved-cards/${aliasId}`, { method: 'DELETE' });

      // Another customer's session cannot reach it: 404 naming aliasId, nothing sent.
      const stranger = await setupSession('cust-stranger');
      const foreign = await forget(stranger, alias.id);
      assert.equal(foreign.status, 404);
      assert.equal(((await foreign.json()) as { error: { field: string } }).error.field, 'aliasId');
      assert.equal(await atPlatform(), true);

      const forgotten = await forget(id, alias.id);
      assert.equal(forgotten.status, 204);
      assert.equal(await atPlatform(), false, 'DELALIAS reached the platform');
      assert.equal((await aliasesOf('cust-forget')).length, 0);
      const deleted = await flow.api(`/api/events?type=alias.deleted`);
      assert.equal(deleted.body.data.filter((event: { data: { id: string } }) => event.data.id === alias.id).length, 1);
      // Again: the card is gone.
      assert.equal((await forget(id, alias.id)).status, 404);
      const again = await flow.api(`/api/events?type=alias.deleted`);
      assert.equal(again.body.data.filter((event: { data: { id: string } }) => event.data.id === alias.id).length, 1);
    });

    it('the saved card then pays for the shopper and is charged by the merchant, like a card saved during a payment', async () => {
      const id = await setupSession('cust-later');
      const attempt = await navigate(id);
      await land(await typeCard(attempt.url, '4111111111111111'));
      const [alias] = await aliasesOf('cust-later');
      assert.ok(alias);

      const payment = await flow.api('/api/checkout-sessions', {
        amount: 2500,
        currency: 'EUR',
        customer: { id: 'cust-later' },
        saveCard: 'optional',
      });
      const view = (await (await fetch(`${flow.url}/checkout/sessions/${payment.body.id}`)).json()) as {
        savedCards: Array<{ id: string }>;
      };
      assert.deepEqual(
        view.savedCards.map((card) => card.id),
        [alias.id],
      );
      const paid = await fetch(`${flow.url}/checkout/sessions/${payment.body.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ aliasId: alias.id, browser: BROWSER_INFO }),
      });
      const result = (await paid.json()) as AttemptResult;
      assert.equal(result.kind, 'completed');
      assert.ok(result.kind === 'completed' && ['captured', 'authorized'].includes(result.state));
      const [shopper] = await sandboxPayments(flow, result.reference);
      assert.equal(shopper?.parameters.COF_TRANSACTION, 'SUBSEQ');

      const charge = await flow.api(`/api/aliases/${alias.id}/charges`, { amount: 1200, currency: 'EUR' });
      assert.equal(charge.status, 201, JSON.stringify(charge.body));
      const [merchant] = await sandboxPayments(flow, charge.body.reference);
      assert.equal(merchant?.eci, '9');
      assert.equal(merchant?.parameters.COF_INITIATOR, 'MIT');
      assert.equal(merchant?.alias, alias.alias);
    });
  });
}
