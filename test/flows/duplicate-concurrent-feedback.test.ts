/**
 * Two tabs of one session paid at the same moment (both feedbacks concurrently), then both
 * feedbacks delivered again twice at once on both channels: exactly one payment stays paid (the
 * session's paidReference), the other is given back exactly once, the kept one never refunded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { sendFeedback } from '../support/feedback.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { eventually } from '../support/waiting.ts';
import { openTabs, startFlowServer, type FlowServer } from './helpers.ts';

const FORM = { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };
type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;

for (const kind of DATABASE_KINDS) {
  describe(`two tabs paid at once on ${kind}`, { timeout: 90_000 }, () => {
    let flow: FlowServer;
    before(async () => {
      flow = await startFlowServer(kind);
    });
    after(() => flow?.close());
    const payments = async () =>
      ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;

    async function token(redirect: Redirect) {
      const page = await (
        await fetch(redirect.action, { method: 'POST', body: new URLSearchParams(redirect.fields), headers: FORM })
      ).text();
      const t = /name="TOKEN" value="([^"]+)"/.exec(page)?.[1];
      assert.ok(t);
      return t;
    }
    const pay = (t: string) =>
      fetch(`${flow.url}/ncol/test/sandbox_pay.asp`, {
        method: 'POST',
        headers: FORM,
        redirect: 'manual',
        body: new URLSearchParams({ TOKEN: t, CARDNO: '4111111111111111', ED: '12/30', CN: 'Zoë Test', CVC: '123', ACTION: 'pay' }),
      });

    for (let round = 0; round < 4; round++) {
      it(`round ${round}: one kept, one given back once`, async () => {
        const created = await flow.api('/api/checkout-sessions', { amount: 1500 + round, currency: 'EUR' });
        const id = created.body.id as string;
        const tabs = await openTabs(flow.url, id, 2);
        const tokens = await Promise.all(tabs.map(token));
        await Promise.all(tokens.map(pay));
        const refs = tabs.map((t) => t.reference);
        await eventually(
          async () => (await payments()).filter((p) => refs.includes(p.orderId)),
          (ps) => ps.some((p) => p.history.some((h: any) => h.operation === 'RFS')),
          'a refund sent',
        );
        // Every feedback again, twice at once, both channels.
        const all = await payments();
        const nines = refs.map(
          (r) => all.find((p) => p.orderId === r)!.deliveries.find((d: any) => d.parameters.STATUS === '9')!.parameters,
        );
        await Promise.all(
          nines.flatMap((n) => [
            sendFeedback(flow.url, n, { channel: 'server', method: 'POST' }),
            sendFeedback(flow.url, n, { channel: 'browser', method: 'GET' }),
            sendFeedback(flow.url, n, { channel: 'server', method: 'POST' }),
          ]),
        );
        await new Promise((r) => setTimeout(r, 700));
        const session = await flow.api(`/api/checkout-sessions/${id}`);
        const kept = session.body.paidReference as string;
        assert.ok(refs.includes(kept));
        const other = refs.find((r) => r !== kept)!;
        const after = await payments();
        const refundsOf = (ref: string) =>
          after.find((p) => p.orderId === ref)!.history.filter((h: any) => ['RFS', 'RFD', 'DES', 'DEL'].includes(h.operation)).length;
        assert.equal(refundsOf(kept), 0, 'the kept payment is never given back');
        assert.equal(refundsOf(other), 1, 'the duplicate is given back once');
        assert.equal((await flow.api(`/api/transactions/${other}`)).body.duplicateOf, kept);
        assert.equal((await flow.api(`/api/transactions/${kept}`)).body.duplicateOf, null);
        const events = await flow.api(`/api/events?type=payment.duplicate`);
        assert.equal(events.body.data.filter((e: any) => refs.includes(e.data.reference)).length, 1);
      });
    }
  });
}
