/**
 * One paid payment per checkout session (issue 13), over real HTTP against the sandbox, on SQLite
 * (group commit) and PostgreSQL:
 * - 10 and 25 saved-card attempts at once on one session: exactly one DirectLink order reaches
 *   the platform, every other attempt gets 409 (attempt_in_progress while the first runs);
 * - a refused attempt frees the session: the shopper's retry is charged;
 * - two tabs on the hosted page, both paid: the first stays the session's paidReference, the
 *   second is flagged duplicate, refunded at the platform (RFS) and announced once with
 *   payment.duplicate; the same feedback again sends no second refund.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { sendFeedback } from '../support/feedback.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { answerChallenge } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { BROWSER_INFO, type FlowServer, postAttempt, saveCard, startFlowServer, wrongPasswordFetch } from './helpers.ts';

const FORM = { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };

interface SandboxPayment {
  payId: string;
  orderId: string;
  channel: string;
  status: number;
  refunded: number;
  history: Array<{ operation: string; status: number; amount: number }>;
  deliveries: Array<{ parameters: Record<string, string> }>;
}

for (const kind of DATABASE_KINDS) {
  describe(`one paid payment per session on ${kind}`, { timeout: 120_000 }, () => {
    let flow: FlowServer;
    let card: string;
    let secureCard: string;
    let breakPassword = false;
    /** The platform answers a new order 200 ms late: the first attempt is still running when the others arrive. */
    let slowOrders = false;
    const platform = wrongPasswordFetch(() => breakPassword);

    before(async () => {
      flow = await startFlowServer(kind, {
        directLink: {
          fetch: async (input, init) => {
            if (slowOrders && String(input).includes('orderdirect')) await new Promise((resolve) => setTimeout(resolve, 200));
            return platform(input, init);
          },
        },
      });
      card = await saveCard(flow, 'cust-race', '4111111111111111');
      secureCard = await saveCard(flow, 'cust-3ds', '4000000000000002');
    });
    after(() => flow?.close());

    async function sandboxPayments(): Promise<SandboxPayment[]> {
      return ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: SandboxPayment[] }).payments;
    }

    async function session(customerId: string, amount = 1999): Promise<string> {
      const created = await flow.api('/api/checkout-sessions', {
        amount,
        currency: 'EUR',
        customer: { id: customerId, name: 'Zoë Test' },
        saveCard: 'optional',
        successUrl: 'https://shop.example.com/thanks',
      });
      assert.equal(created.status, 201);
      return created.body.id as string;
    }

    const attempt = (sessionId: string, body: Record<string, unknown>) => postAttempt(flow, sessionId, body);

    for (const concurrency of [10, 25]) {
      it(`${concurrency} saved-card attempts at once: one charge at the platform, the others 409`, async () => {
        const id = await session('cust-race');
        const ordersBefore = (await sandboxPayments()).filter((p) => p.channel === 'directlink').length;
        slowOrders = true;
        const answers = await Promise.all(
          Array.from({ length: concurrency }, async () => {
            const response = await attempt(id, { aliasId: card, browser: BROWSER_INFO });
            return { status: response.status, body: (await response.json()) as Record<string, any> };
          }),
        ).finally(() => (slowOrders = false));
        const created = answers.filter((a) => a.status === 201);
        assert.equal(created.length, 1, JSON.stringify(answers.map((a) => [a.status, a.body.error?.code])));
        const refused = answers.filter((a) => a.status !== 201);
        for (const answer of refused) {
          assert.equal(answer.status, 409);
          assert.ok(['attempt_in_progress', 'session_paid'].includes(answer.body.error.code), JSON.stringify(answer.body));
        }
        // A double click meets the first attempt still running, not only the paid session.
        assert.ok(
          refused.some((a) => a.body.error.code === 'attempt_in_progress'),
          JSON.stringify(refused.map((a) => a.body.error.code)),
        );
        const result = created[0]!.body as AttemptResult;
        assert.ok(result.kind === 'completed' && result.state === 'captured');

        const orders = (await sandboxPayments()).filter((p) => p.channel === 'directlink');
        assert.equal(orders.length - ordersBefore, 1, 'exactly one DirectLink order reached the platform');
        const view = await flow.api(`/api/checkout-sessions/${id}`);
        assert.equal(view.body.status, 'paid');
        assert.equal(view.body.paidReference, result.reference);
        assert.deepEqual(
          view.body.transactions.map((t: { state: string }) => t.state),
          ['captured'],
        );
      });
    }

    it('a refused attempt frees the session: the retry is charged', async () => {
      const id = await session('cust-race', 2100);
      breakPassword = true;
      try {
        const refused = await attempt(id, { aliasId: card, browser: BROWSER_INFO });
        assert.equal(refused.status, 502);
      } finally {
        breakPassword = false;
      }
      const retry = await attempt(id, { aliasId: card, browser: BROWSER_INFO });
      assert.equal(retry.status, 201, await retry.clone().text());
      const result = (await retry.json()) as AttemptResult;
      assert.ok(result.kind === 'completed' && result.state === 'captured');
      const view = await flow.api(`/api/checkout-sessions/${id}`);
      assert.deepEqual(view.body.transactions.map((t: { state: string }) => t.state).sort(), ['captured', 'error']);
    });

    it('a 3-D Secure challenge holds the session; failing it frees the session for a retry', async () => {
      const id = await session('cust-3ds', 3100);
      const first = await attempt(id, { aliasId: secureCard, browser: BROWSER_INFO });
      assert.equal(first.status, 201);
      const challenge = (await first.json()) as AttemptResult;
      assert.equal(challenge.kind, 'challenge');
      if (challenge.kind !== 'challenge') return;
      // While the shopper is at the bank, a second click is not a second order.
      const meanwhile = await attempt(id, { aliasId: secureCard, browser: BROWSER_INFO });
      assert.equal(meanwhile.status, 409);
      assert.equal(((await meanwhile.json()) as { error: { code: string } }).error.code, 'attempt_in_progress');

      const page = await (await fetch(challenge.url, { headers: BROWSER_HEADERS })).text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const token = /name="TOKEN" value="([^"]+)"/.exec(page)?.[1];
      assert.ok(action && token, page.slice(0, 300));
      await fetch(action, { method: 'POST', body: new URLSearchParams({ TOKEN: token }), headers: FORM });
      const back = await answerChallenge(action, token, 'fail');
      await (await fetch(back, { headers: BROWSER_HEADERS, redirect: 'manual' })).arrayBuffer();
      assert.equal((await flow.api(`/api/transactions/${challenge.reference}`)).body.state, 'declined');

      // The declined result frees the claim (right after the feedback is answered).
      const retry = await eventually(
        async () => (await attempt(id, { aliasId: secureCard, browser: BROWSER_INFO })).status,
        (status) => status === 201,
        'the retry after a failed 3-D Secure reaches the platform',
      );
      assert.equal(retry, 201);
    });

    /** Opens the hosted page for an attempt and pays it with 4111…; the sandbox sends STATUS 9. */
    async function payOnHostedPage(redirect: Extract<AttemptResult, { kind: 'redirect' }>): Promise<void> {
      const page = await (
        await fetch(redirect.action, { method: 'POST', body: new URLSearchParams(redirect.fields), headers: FORM })
      ).text();
      const token = /name="TOKEN" value="([^"]+)"/.exec(page)?.[1];
      assert.ok(token, page.slice(0, 300));
      const paid = await fetch(`${flow.url}/ncol/test/sandbox_pay.asp`, {
        method: 'POST',
        headers: FORM,
        redirect: 'manual',
        body: new URLSearchParams({ TOKEN: token, CARDNO: '4111111111111111', ED: '12/30', CN: 'Zoë Test', CVC: '123', ACTION: 'pay' }),
      });
      assert.equal(paid.status, 303);
    }

    it('two tabs both paid on the hosted page: the second is refunded at the platform, announced once', async () => {
      const id = await session('cust-tabs', 1500);
      const tabs: Array<Extract<AttemptResult, { kind: 'redirect' }>> = [];
      for (let i = 0; i < 2; i++) {
        const response = await attempt(id, {});
        assert.equal(response.status, 201);
        tabs.push((await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>);
      }
      const [first, second] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
      await payOnHostedPage(first);
      await eventually(
        () => flow.api(`/api/checkout-sessions/${id}`),
        (v) => v.body.paidReference === first.reference,
        'first tab paid',
      );
      await payOnHostedPage(second);

      // The refund (RFS) is sent within seconds; the platform settles it offline (81, then 8),
      // which a query — the reconciler's, here on demand — brings back.
      await eventually(
        async () => (await sandboxPayments()).find((p) => p.orderId === second.reference)!,
        (p) => p.history.some((h) => h.operation === 'RFS'),
        'refund of the second tab sent to the platform',
      );
      const refunded = await eventually(
        async () => {
          await flow.api(`/api/transactions/${second.reference}/sync`, {});
          return flow.api(`/api/transactions/${second.reference}`);
        },
        (v) => v.body.state === 'refunded',
        'second tab refunded',
      );
      assert.equal(refunded.body.duplicateOf, first.reference);
      assert.equal(refunded.body.refundedAmount, 1500);
      const session1 = await flow.api(`/api/checkout-sessions/${id}`);
      assert.equal(session1.body.paidReference, first.reference);
      assert.equal((await flow.api(`/api/transactions/${first.reference}`)).body.state, 'captured');

      const atPlatform = (await sandboxPayments()).find((p) => p.orderId === second.reference)!;
      assert.equal(atPlatform.refunded, 1500, JSON.stringify(atPlatform));
      const refundsOf = (p: SandboxPayment) => p.history.filter((h) => h.operation === 'RFS' || h.operation === 'RFD').length;
      assert.equal(refundsOf(atPlatform), 1);
      const firstAtPlatform = (await sandboxPayments()).find((p) => p.orderId === first.reference)!;
      assert.equal(firstAtPlatform.refunded, 0);

      const events = await flow.api(`/api/events?type=payment.duplicate&reference=${second.reference}`);
      assert.equal(events.body.data.length, 1);
      assert.equal(events.body.data[0].data.duplicateOf, first.reference);

      // The platform's STATUS 9 feedback of the second tab comes again, twice at once (a retry,
      // the browser's copy): still one refund, one event.
      const paidFeedback = atPlatform.deliveries.find((d) => d.parameters.STATUS === '9');
      assert.ok(paidFeedback, JSON.stringify(atPlatform.deliveries));
      const statuses = await Promise.all([
        sendFeedback(flow.url, paidFeedback.parameters, { channel: 'server', method: 'POST' }),
        sendFeedback(flow.url, paidFeedback.parameters, { channel: 'server', method: 'POST' }),
      ]);
      assert.deepEqual(statuses, [200, 200]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const again = (await sandboxPayments()).find((p) => p.orderId === second.reference)!;
      assert.equal(refundsOf(again), 1);
      assert.equal((await flow.api(`/api/events?type=payment.duplicate&reference=${second.reference}`)).body.data.length, 1);
    });

    it('a saved-card attempt on a paid session is refused before reaching the platform', async () => {
      const id = await session('cust-race', 1200);
      const first = await attempt(id, { aliasId: card, browser: BROWSER_INFO });
      assert.equal(first.status, 201);
      const count = (await sandboxPayments()).length;
      const second = await attempt(id, { aliasId: card, browser: BROWSER_INFO });
      assert.equal(second.status, 409);
      assert.equal(((await second.json()) as { error: { code: string } }).error.code, 'session_paid');
      assert.equal((await sandboxPayments()).length, count);
    });
  });
}
