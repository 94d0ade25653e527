/**
 * 20 merchant charges of one saved card at once with the same `reference` (no Idempotency-Key),
 * and 20 with the same Idempotency-Key (no reference): one charge at the platform, the others a
 * clean 409 — never a 5xx, which tells the merchant to retry (the losers of the insert's unique
 * key used to answer 500).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../support/databases.ts';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`alias charges at once on ${kind}`, { timeout: 120_000 }, () => {
    let flow: FlowServer;
    let card: string;
    before(async () => {
      flow = await startFlowServer(kind);
      card = await saveCard(flow, 'cust-conc', '4111111111111111');
    });
    after(() => flow?.close());

    const all = async () =>
      ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;

    it('20 charges with the same reference: one at the platform, the others 409', async () => {
      const reference = `CONC-${kind}-1`;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => flow.api(`/api/aliases/${card}/charges`, { amount: 1234, currency: 'EUR', reference })),
      );
      const statuses = results.map((r) => r.status).sort();
      const charges = (await all()).filter((p) => p.orderId === reference);
      assert.equal(charges.length, 1, `platform charges: ${charges.length}`);
      assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses ${statuses.join(',')}`);
      assert.deepEqual(
        statuses.filter((s) => s !== 201),
        Array(19).fill(409),
        `statuses ${statuses.join(',')}; bodies ${JSON.stringify(
          results
            .filter((r) => r.status >= 500)
            .slice(0, 2)
            .map((r) => r.body),
        )}`,
      );
    });

    it('20 charges with the same Idempotency-Key: one at the platform', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          flow.api(`/api/aliases/${card}/charges`, { amount: 4321, currency: 'EUR' }, { 'idempotency-key': `k-${kind}` }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      const charges = (await all()).filter((p) => Number(p.amount) === 4321);
      assert.equal(charges.length, 1, `platform charges: ${charges.length}; statuses ${statuses.join(',')}`);
      for (const s of statuses) assert.ok(s === 201 || s === 409, `statuses ${statuses.join(',')}`);
    });
  });
}
