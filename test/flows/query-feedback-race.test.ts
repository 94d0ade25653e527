/**
 * A query's answer overtaken by a feedback (docs/ogone-protocol.md §8): the platform answers a
 * sync STATUS 92 (uncertain), and before that answer is applied, the platform's status-change
 * feedback STATUS 2 (refused) is applied. The older answer must not take the payment back from
 * `declined` to `pending`, nor announce it; the next query reads where the payment stands.
 * Over real HTTP against the sandbox, on SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../support/databases.ts';
import { eventually } from '../support/waiting.ts';
import { paySession, startFlowServer, type FlowServer } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a query answer overtaken by a feedback on ${kind}`, () => {
    let flow: FlowServer;
    /** Runs once a querydirect answer has arrived and before the server reads it. */
    let beforeQueryAnswer: (() => Promise<void>) | undefined;
    /** What the hook threw, if anything: reported by the test rather than as the server's 502. */
    let hookError: unknown;

    before(async () => {
      flow = await startFlowServer(kind, {
        sandbox: { maintenanceDelayMs: 100, statusChangeFeedback: true },
        directLink: {
          timeoutMs: 5000,
          rtimeoutSeconds: false,
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            const hook = beforeQueryAnswer;
            if (hook && String(input).includes('querydirect')) {
              beforeQueryAnswer = undefined;
              const body = await response.arrayBuffer();
              await hook().catch((error: unknown) => (hookError = error));
              return new Response(body, { status: response.status, headers: response.headers });
            }
            return response;
          },
        },
      });
    });
    after(() => flow.close());

    const transaction = async (reference: string) => (await flow.api(`/api/transactions/${reference}`)).body;

    it('keeps the payment declined and announces nothing more', async () => {
      const reference = await paySession(flow, 'cust-race', '4000000000009292', false);
      const uncertain = await transaction(reference);
      assert.equal(uncertain.status, 92);
      assert.equal(uncertain.state, 'pending');
      beforeQueryAnswer = async () => {
        // The platform settles it as refused and tells us, while its earlier answer is on the way.
        const resolved = await fetch(`${flow.url}/sandbox/payments/${uncertain.payid}/resolve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"status":2}',
        });
        assert.equal(resolved.status, 200);
        await eventually(
          () => transaction(reference),
          (t) => t.state === 'declined',
          'the refusal applied',
        );
      };
      const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(beforeQueryAnswer, undefined, 'the query was sent');
      assert.equal(hookError, undefined);
      assert.equal(sync.status, 200, JSON.stringify(sync.body));
      const after = await transaction(reference);
      assert.equal(after.state, 'declined', 'the older answer did not take the payment back');
      assert.equal(after.status, 2);
      const events = (await flow.api(`/api/events?limit=100`)).body.data as Array<{ type: string; data: { reference?: string } }>;
      const types = events
        .filter((event) => event.data.reference === reference)
        .map((event) => event.type)
        .reverse();
      assert.equal(types.at(-1), 'payment.declined', `events in order: ${types.join(', ')}`);
      // A second sync reads the platform's present answer: still declined, nothing new.
      const again = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(again.body.state, 'declined');
      assert.equal((await transaction(reference)).state, 'declined');
    });
  });
}
