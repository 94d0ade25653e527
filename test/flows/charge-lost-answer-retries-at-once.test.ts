/**
 * A merchant charge with a `reference` whose order timed out before reaching the platform (answer
 * lost as the server sees it: the draft is flagged syncNeeded). The merchant's retries of the
 * same charge (same reference, body) arrive at once — two workers, two instances. A draft
 * "never sent" is sent by the one request that holds its send lease (SEND_LEASE_MS: "another
 * request with the same reference … does not send it beside"); a draft whose answer was lost
 * takes no lease, and every concurrent retry sent its own new order with that ORDERID to the
 * platform at the same moment, relying on the platform to de-duplicate orders it is still
 * processing — [DL] §3.4 only promises 50001113 for an ORDERID "already existing (and correctly
 * processed)". One order on the wire at a time, as for a never-sent draft.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../support/databases.ts';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`retries of a charge whose answer was lost, at once, on ${kind}`, { timeout: 120_000 }, () => {
    let flow: FlowServer;
    let card: string;
    let dropNextOrder = false;
    let inFlight = 0;
    let maxInFlight = 0;
    let sent = 0;
    const reference = `LOST-AT-ONCE-${kind}`;

    before(async () => {
      flow = await startFlowServer(kind, {
        reconciler: { intervalMs: 0 },
        directLink: {
          timeoutMs: 5000,
          rtimeoutSeconds: false,
          fetch: (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
            const isOrder = String(input).includes('orderdirect') && String(init?.body ?? '').includes(`ORDERID=${reference}`);
            if (isOrder && dropNextOrder) {
              dropNextOrder = false;
              throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
            }
            if (!isOrder) return fetch(input, init);
            sent++;
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            try {
              // The platform takes a moment to answer an order (authorisation at the acquirer).
              await new Promise((resolve) => setTimeout(resolve, 300));
              return await fetch(input, init);
            } finally {
              inFlight--;
            }
          }) as typeof fetch,
        },
      });
      card = await saveCard(flow, `cust-lost-at-once-${kind}`, '4111111111111111');
    });
    after(() => flow?.close());

    it('sends one order at a time for the reference', async () => {
      const body = { amount: 1357, currency: 'EUR', reference };
      dropNextOrder = true;
      const first = await flow.api(`/api/aliases/${card}/charges`, body);
      assert.ok(first.status >= 500, `precondition: the first answer was lost (${first.status} ${JSON.stringify(first.body)})`);

      const retries = await Promise.all(Array.from({ length: 8 }, () => flow.api(`/api/aliases/${card}/charges`, body)));
      const statuses = retries.map((r) => r.status).sort();
      const charged = (
        (await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }
      ).payments.filter((p) => p.orderId === reference && [5, 9].includes(Number(p.status)));
      assert.equal(charged.length, 1, `platform charges: ${charged.length}`);
      assert.equal(
        maxInFlight,
        1,
        `${sent} orders for ${reference} were sent by 8 concurrent retries, up to ${maxInFlight} on the wire at once (statuses ${statuses.join(',')})`,
      );
    });
  });
}
