/**
 * A refund whose request died while its DirectLink call was under way (the process killed between
 * recording the operation as `sending` and storing the answer; the platform did it): nobody would
 * ever answer it, so it stayed `sending` for good — its amount reserved, the ledger behind the
 * platform's, a retry with its Idempotency-Key "still being processed" forever. Once older than
 * any live request could be (maintenance/sync.ts SENDING_ABANDONED_MS), it is an operation without
 * an answer: a sync places it on its history level. Here the request is stalled for good instead
 * of killed (the database holds the same), and the clock is moved past that age.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TIMEOUT_MS } from '../../server/directlink/client.ts';
import { SENDING_ABANDONED_MS } from '../../server/maintenance/sync.ts';
import { ABANDONED_RESERVATION_MS } from '../../server/repository/idempotency.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { eventually } from '../support/waiting.ts';
import { sandboxPayments, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a refund left sending by a request that died, on ${kind}`, () => {
    let flow: FlowServer;
    let card: string;
    /** How far the server's clock is ahead of the real one. */
    let offset = 0;
    /** The next maintenance call reaches the platform, and its caller never hears back. */
    let stallNext = false;
    /** Ends the stalled call once the test is over, so that the server's shutdown need not wait for it. */
    let endStall = () => {};

    before(async () => {
      flow = await startFlowServer(kind, {
        clock: { now: () => new Date(Date.now() + offset) },
        reconciler: { intervalMs: 0 },
        directLink: {
          timeoutMs: 5000,
          rtimeoutSeconds: false,
          fetch: async (input, init) => {
            if (stallNext && String(input).includes('maintenancedirect')) {
              stallNext = false;
              const { signal: _ignored, ...rest } = init ?? {};
              await (await fetch(input, rest)).arrayBuffer();
              return new Promise<Response>((_, reject) => (endStall = () => reject(new Error('stalled call ended'))));
            }
            return fetch(input, init);
          },
        },
      });
      card = await saveCard(flow, 'cust-abandoned', '4111111111111111');
    });
    after(async () => {
      endStall();
      await flow?.close();
    });

    const operationsOf = async (reference: string) =>
      (await flow.api(`/api/transactions/${reference}`)).body.operations as Array<{ amount: number; status: string }>;

    it('is placed on its history level by a sync, and its key answers the outcome', async () => {
      assert.ok(SENDING_ABANDONED_MS >= 3 * DEFAULT_TIMEOUT_MS, 'longer than any live request sends');
      const reference = `ABANDONED-${kind}`;
      const charged = await flow.api(`/api/aliases/${card}/charges`, { amount: 1500, currency: 'EUR', reference, operation: 'SAL' });
      assert.equal(charged.status, 201, JSON.stringify(charged.body));

      stallNext = true;
      void flow.api(`/api/transactions/${reference}/refund`, {}, { 'idempotency-key': 'refund-1' }).catch(() => undefined);
      await eventually(
        () => sandboxPayments(flow, reference),
        ([payment]) => payment?.refunded === 1500,
        'the platform refunded',
      );
      assert.deepEqual(
        (await operationsOf(reference)).map((op) => op.status),
        ['sending'],
      );
      const early = await flow.api(`/api/transactions/${reference}/refund`, {}, { 'idempotency-key': 'refund-1' });
      assert.equal(early.status, 409, 'while its request may still be alive, the key is in progress');

      offset += SENDING_ABANDONED_MS + 1000;
      const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(sync.status, 200, JSON.stringify(sync.body));
      assert.equal(sync.body.refundedAmount, 1500, 'our ledger says what the platform refunded');
      assert.equal(sync.body.state, 'refunded');
      assert.deepEqual(
        (await operationsOf(reference)).map((op) => op.status),
        ['done'],
      );
      // The retry of the dead request: its key's HTTP reservation is taken over once abandoned
      // too (ABANDONED_RESERVATION_MS), and the operation answers what the platform did.
      offset += ABANDONED_RESERVATION_MS;
      const replay = await flow.api(`/api/transactions/${reference}/refund`, {}, { 'idempotency-key': 'refund-1' });
      assert.equal(replay.status, 200, JSON.stringify(replay.body));
      assert.equal(replay.body.operation.status, 'done');
      assert.equal((await sandboxPayments(flow, reference))[0]?.refunded, 1500, 'refunded once at the platform');
    });
  });
}
