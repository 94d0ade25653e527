/**
 * A maintenance request that is only *stalled* (not dead) past SENDING_ABANDONED_MS: a sync
 * places the abandoned `sending` refund on its history level and settles it (`done`,
 * refundedAmount += amount, one payment.refunded). The stalled request then resumes with its
 * DirectLink answer (STATUS 81, PAYIDSUB n): written over the operation unconditionally, it
 * turned `done` back into `pending`, and the next sync settled the same refund again — the ledger
 * counting twice what the platform refunded once, a second payment.refunded. A request's answer
 * now counts only while its operation is still `sending` (maintenance/operations.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SENDING_ABANDONED_MS } from '../../server/maintenance/sync.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { eventually } from '../support/waiting.ts';
import { sandboxPayments, saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a stalled refund request resuming after a sync settled it, on ${kind}`, () => {
    let flow: FlowServer;
    let card: string;
    let offset = 0;
    let stallNext = false;
    /** Lets the stalled call return the platform's real answer. */
    let releaseStall: () => void = () => {};
    let stalledReached: Promise<void> = Promise.resolve();

    before(async () => {
      flow = await startFlowServer(kind, {
        clock: { now: () => new Date(Date.now() + offset) },
        reconciler: { intervalMs: 0 },
        directLink: {
          timeoutMs: 60_000,
          rtimeoutSeconds: false,
          fetch: async (input, init) => {
            if (stallNext && String(input).includes('maintenancedirect')) {
              stallNext = false;
              const { signal: _ignored, ...rest } = init ?? {};
              const response = await fetch(input, rest);
              const body = await response.arrayBuffer();
              const headers = new Headers(response.headers);
              return new Promise<Response>((resolve) => {
                releaseStall = () => resolve(new Response(body, { status: response.status, headers }));
              });
            }
            return fetch(input, init);
          },
        },
      });
      card = await saveCard(flow, 'cust-stalled-refund', '4111111111111111');
    });
    after(async () => {
      releaseStall();
      await flow?.close();
    });

    const transaction = async (reference: string) => (await flow.api(`/api/transactions/${reference}`)).body;

    it('a refund the platform did once is counted once', async () => {
      const reference = `STALLED-REFUND-${kind}`;
      const charged = await flow.api(`/api/aliases/${card}/charges`, { amount: 1500, currency: 'EUR', reference, operation: 'SAL' });
      assert.equal(charged.status, 201, JSON.stringify(charged.body));
      await eventually(
        () => transaction(reference),
        (t) => t.capturedAmount === 1500,
        'captured',
      );

      stallNext = true;
      const stalled = flow.api(`/api/transactions/${reference}/refund`, { amount: 500 }, { 'idempotency-key': 'stalled-refund' });
      stalledReached = eventually(
        () => sandboxPayments(flow, reference),
        ([payment]) => payment?.refunded === 500,
        'the platform refunded 500',
      ).then(() => undefined);
      await stalledReached;

      // The request is still alive but stalled past SENDING_ABANDONED_MS (a paused process, a
      // long GC, a container frozen): a sync treats the operation as abandoned and places it.
      offset += SENDING_ABANDONED_MS + 1000;
      const first = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.refundedAmount, 500, 'the sync placed the refund on its level');

      // The stalled request resumes and applies the answer it holds (STATUS 81).
      releaseStall();
      const late = await stalled;
      assert.ok([200, 202].includes(late.status), JSON.stringify(late.body));

      const second = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(second.status, 200, JSON.stringify(second.body));
      const [payment] = await sandboxPayments(flow, reference);
      assert.equal(payment?.refunded, 500, 'the platform refunded 500, once');
      const t = await transaction(reference);
      assert.equal(
        t.refundedAmount,
        500,
        `one refund of 500 counted ${t.refundedAmount / 500} times by our ledger (${JSON.stringify(t.operations)})`,
      );
      const events = (await flow.api(`/api/events?reference=${reference}`)).body.data as Array<{ type: string }>;
      assert.equal(events.filter((e) => e.type === 'payment.refunded').length, 1, 'one payment.refunded for one refund');
    });
  });
}
