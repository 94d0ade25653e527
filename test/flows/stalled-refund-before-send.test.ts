/**
 * A maintenance request stalled *before* its DirectLink call reaches the platform, past
 * unknownOutcomeGraceMs: a sync finds no history level for the abandoned `sending` refund and
 * releases it (`failed`, "it never reached the platform"). The request then resumes, the platform
 * does the refund and answers it. Dropped because the operation was no longer `sending`, that
 * answer left the ledger holding a refund the platform made as `failed`, the late request
 * answering 202 with that failed operation — and a merchant reading its refund failed refunds
 * again. The platform's word is written over such a release (maintenance/operations.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../support/databases.ts';
import { eventually } from '../support/waiting.ts';
import { sandboxPayments, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

const GRACE_MS = 10 * 60_000;

for (const kind of DATABASE_KINDS) {
  describe(`a refund stalled before it was sent, released by a sync, then done by the platform, on ${kind}`, () => {
    let flow: FlowServer;
    let card: string;
    let offset = 0;
    let stallNext = false;
    let releaseStall: () => void = () => {};
    let reachedStall: () => void = () => {};
    const stallReached = new Promise<void>((resolve) => (reachedStall = resolve));

    before(async () => {
      flow = await startFlowServer(kind, {
        clock: { now: () => new Date(Date.now() + offset) },
        reconciler: { intervalMs: 0 },
        unknownOutcomeGraceMs: GRACE_MS,
        directLink: {
          timeoutMs: 60_000,
          rtimeoutSeconds: false,
          fetch: async (input, init) => {
            if (stallNext && String(input).includes('maintenancedirect')) {
              stallNext = false;
              // Paused before the request leaves: the platform has not got it yet.
              await new Promise<void>((resolve) => {
                releaseStall = resolve;
                reachedStall();
              });
              const { signal: _ignored, ...rest } = init ?? {};
              return fetch(input, rest);
            }
            return fetch(input, init);
          },
        },
      });
      card = await saveCard(flow, 'cust-stalled-before-send', '4111111111111111');
    });
    after(async () => {
      releaseStall();
      await flow?.close();
    });

    const transaction = async (reference: string) => (await flow.api(`/api/transactions/${reference}`)).body;

    it('a refund the platform made is never recorded as failed', async () => {
      const reference = `STALLED-BEFORE-SEND-${kind}`;
      const charged = await flow.api(`/api/aliases/${card}/charges`, { amount: 1500, currency: 'EUR', reference, operation: 'SAL' });
      assert.equal(charged.status, 201, JSON.stringify(charged.body));
      await eventually(
        () => transaction(reference),
        (t) => t.capturedAmount === 1500,
        'captured',
      );

      stallNext = true;
      const stalled = flow.api(`/api/transactions/${reference}/refund`, { amount: 500 }, { 'idempotency-key': 'stalled-before-send' });
      await stallReached;

      // The request is paused past the grace: a sync finds no level and releases the operation.
      offset += GRACE_MS + 1000;
      const first = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.operations[0]?.status, 'failed', `precondition: released (${JSON.stringify(first.body.operations)})`);

      // It resumes: the platform gets the refund and does it.
      releaseStall();
      const late = await stalled;
      assert.ok([200, 202].includes(late.status), JSON.stringify(late.body));
      assert.notEqual(late.body.operation?.status, 'failed', `the late answer: ${JSON.stringify(late.body.operation)}`);
      await eventually(
        () => sandboxPayments(flow, reference),
        ([payment]) => payment?.refunded === 500,
        'the platform refunded 500',
      );
      const second = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(second.status, 200, JSON.stringify(second.body));

      const op = second.body.operations.find((o: { kind: string }) => o.kind === 'refund');
      assert.equal(op?.status, 'done', `the platform refunded 500, our operations: ${JSON.stringify(second.body.operations)}`);
      assert.equal(second.body.refundedAmount, 500, 'counted once');
    });
  });
}
