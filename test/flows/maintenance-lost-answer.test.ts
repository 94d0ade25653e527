/**
 * A refund whose answer is lost (a timeout; the platform did it) and a later refund of the same
 * payment that is answered: the sync finds the lost one's own history level, below the later
 * one's (maintenance/sync.ts untiedLevels), so it is done, not released as "never reached the
 * platform" once the grace period is over — released, a retry with a new Idempotency-Key would
 * refund the same money again. (Grace 0 here, as in maintenance.test.ts; 10 minutes by default.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../support/databases.ts';
import { answerLosingFetch, sandboxPayments, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`lost maintenance answer followed by another operation on ${kind}`, () => {
    let flow: FlowServer;
    const lossy = answerLosingFetch();
    let card: string;

    before(async () => {
      flow = await startFlowServer(kind, {
        unknownOutcomeGraceMs: 0,
        reconciler: { intervalMs: 0 },
        directLink: {
          timeoutMs: 1500,
          rtimeoutSeconds: false,
          fetch: lossy.fetch,
        },
      });
      card = await saveCard(flow, 'cust-review', '4111111111111111');
    });
    after(async () => {
      await flow?.close();
    });

    it('a refund done at the platform but unanswered is found below a later answered one, not released', async () => {
      const reference = `REV-${kind}-1`;
      const charged = await flow.api(`/api/aliases/${card}/charges`, { amount: 1000, currency: 'EUR', reference, operation: 'SAL' });
      assert.equal(charged.status, 201, JSON.stringify(charged.body));

      // The platform carries out the refund; its answer is lost on the way back.
      lossy.loseNextAnswer('maintenancedirect');
      const lost = await flow.api(`/api/transactions/${reference}/refund`, { amount: 200 }, { 'idempotency-key': 'refund-a' });
      assert.equal(lost.status, 504, JSON.stringify(lost.body));

      const other = await flow.api(`/api/transactions/${reference}/refund`, { amount: 100 }, { 'idempotency-key': 'refund-b' });
      assert.equal(other.status, 202, JSON.stringify(other.body));

      // Let the platform settle both refunds, then ask it (what the reconciler would do).
      await new Promise((r) => setTimeout(r, 400));
      const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(sync.status, 200, JSON.stringify(sync.body));
      const [atPlatform] = await sandboxPayments(flow, reference);
      assert.equal(atPlatform?.refunded, 300, 'the platform refunded 200 + 100 (AMOUNT, EUR)');

      // Refund A holds the lower level, below B's answered one: done, its amount in our ledger.
      const operations = sync.body.operations as Array<{ amount: number; status: string; idempotencyKey?: string }>;
      assert.equal(operations.find((op) => op.amount === 200)?.status, 'done', JSON.stringify(operations));
      assert.equal(operations.find((op) => op.amount === 100)?.status, 'done', JSON.stringify(operations));
      assert.equal(sync.body.refundedAmount, atPlatform?.refunded, 'our ledger says what the platform refunded');
      assert.equal(sync.body.state, 'partially_refunded');
    });
  });
}
