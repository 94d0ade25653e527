/**
 * A refund whose answer was lost (the platform did it) is not released as "never reached the
 * platform" because the query of its history level failed for the moment (STATUS 88, "the query
 * itself failed", DirectLink guide §5.3, docs/ogone-protocol.md §8). A failed query says nothing
 * about the payment: released, the merchant was told it failed and a retry refunded the same
 * money a second time. Now the sync fails, the refund stays unknown with its amount reserved, and
 * the next sync places it. Over real HTTP against the sandbox, on SQLite (grace 0, as the other
 * lost-answer tests use).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerLosingFetch, sandboxPayments, saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';

describe('a history-level query that fails (STATUS 88) after a lost refund answer', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  const lossy = answerLosingFetch();
  let card: string;
  /** While true, every querydirect of one history level (PAYIDSUB) answers STATUS 88. */
  let levelQueriesFail = false;
  let failedLevelQueries = 0;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      unknownOutcomeGraceMs: 0,
      reconciler: { intervalMs: 0 },
      directLink: {
        timeoutMs: 1500,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          if (levelQueriesFail && String(input).includes('querydirect')) {
            const form = new URLSearchParams(String(init?.body ?? ''));
            if (form.get('PAYIDSUB')) {
              failedLevelQueries += 1;
              const xml = `<?xml version="1.0"?><ncresponse orderID="" PAYID="${form.get('PAYID')}" PAYIDSUB="${form.get('PAYIDSUB')}" NCSTATUS="2" NCERROR="20002001" NCERRORPLUS="temporarily unavailable" STATUS="88" amount="" currency=""/>`;
              return new Response(xml, { status: 200, headers: { 'content-type': 'text/XML; Charset=iso-8859-1' } });
            }
          }
          return lossy.fetch(input, init);
        },
      },
    });
    card = await saveCard(flow, 'cust-review-level', '4111111111111111');
  });
  after(() => flow?.close());

  it('the refund stays unknown while its level cannot be read, then is settled once', async () => {
    const reference = 'REV-LEVEL-88';
    const charged = await flow.api(`/api/aliases/${card}/charges`, { amount: 1000, currency: 'EUR', reference, operation: 'SAL' });
    assert.equal(charged.status, 201, JSON.stringify(charged.body));

    // The platform carries out the refund; its answer is lost on the way back.
    lossy.loseNextAnswer('maintenancedirect');
    const lost = await flow.api(`/api/transactions/${reference}/refund`, { amount: 200 }, { 'idempotency-key': 'refund-a' });
    assert.equal(lost.status, 504, JSON.stringify(lost.body));
    await new Promise((r) => setTimeout(r, 400));
    const [done] = await sandboxPayments(flow, reference);
    assert.equal(done?.refunded, 200, 'the platform did refund 2.00');

    // The reconciler's question: the head answers (the refund is there), the level query fails.
    levelQueriesFail = true;
    const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
    levelQueriesFail = false;
    assert.ok(failedLevelQueries > 0, 'a history level was asked and answered STATUS 88');
    const operations = ((await flow.api(`/api/transactions/${reference}`)).body.operations ?? sync.body.operations) as Array<{
      amount: number;
      status: string;
    }>;
    const refund = operations.find((op) => op.amount === 200);
    assert.notEqual(
      refund?.status,
      'failed',
      `a refund done at the platform was released as failed because its level query answered STATUS 88: sync ${sync.status} ${JSON.stringify(sync.body)}`,
    );

    assert.equal(sync.status, 502, `the sync reports the failed query: ${JSON.stringify(sync.body)}`);
    assert.equal(refund?.status, 'unknown');

    // The platform answers again: the level settles the refund, exactly once.
    const settled = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(settled.status, 200, JSON.stringify(settled.body));
    const after = (await flow.api(`/api/transactions/${reference}`)).body;
    assert.deepEqual(
      (after.operations as Array<{ amount: number; status: string }>).map((op) => [op.amount, op.status]),
      [[200, 'done']],
    );
    assert.equal(after.refundedAmount, 200);
    const [atPlatform] = await sandboxPayments(flow, reference);
    assert.equal(atPlatform?.refunded, 200);
  });
});
