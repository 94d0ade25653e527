/**
 * Our refund of 5.00 is answered uncertain (NCSTATUS 2, STATUS 82, no PAYIDSUB —
 * DirectLink guide §4.3: "a technical problem … giving an unpredictable result") and the platform
 * shows no history level for it. The merchant then refunds 3.00 in Ogone's back office: level 1,
 * STATUS 8, amount 3.00; the order's STATUS is that level's.
 *
 * The sync reads the levels none of ours holds (maintenance/sync.ts operationUpdates): the only
 * refund level states 3.00, "not its level" (docs/ogone-protocol.md §9: "A level of its kind that
 * states another amount is not its level … so the operation stays without an answer"). Yet the head
 * answer's STATUS 8 — the back office's level's — then settles our 5.00 as done
 * (domain/ledger.ts updatesFromOverallStatus, ours being the only refund not failed): 5.00 counted
 * refunded and announced, while the platform refunded 3.00; and as ours now holds no level, the
 * back office's 3.00 is never counted either (backOfficeLevels waits for ours to be placed).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, uncertainWithoutLevel } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`an uncertain refund without a level, and a back-office refund of another amount (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // Our refund: answered uncertain without PAYIDSUB, and no level of it at the platform.
    platform.maintenanceAnswer = (level, payIdSub) => {
      platform.levels.splice(payIdSub - 1, 1);
      platform.orderSays('9');
      return uncertainWithoutLevel(platform.answer('82', payIdSub, level.amount), '82');
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;

    it("the back office's STATUS 8 of 3.00 does not settle our uncertain 5.00 as refunded", async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
      assert.equal(refund.status, 202, await refund.clone().text());
      const [ours] = await app.t.repository.listOperations(reference);
      assert.deepEqual([ours!.status, ours!.payidSub], ['pending', null], 'precondition: uncertain, no PAYIDSUB');
      assert.equal(platform.levels.length, 0, 'precondition: no level of ours at the platform');

      // The merchant refunds 3.00 in the back office: level 1, STATUS 8, amount 3.00.
      platform.backOffice({ status: '8', amount: '3.00' });

      assert.equal((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      const op = (await app.t.repository.listOperations(reference)).find((o) => o.id === ours!.id)!;
      const after = await stored();
      assert.notEqual(op.status, 'done', 'no history level shows a refund of 5.00: the 8 is level 1’s, a refund of 3.00');
      assert.ok(after.refundedAmount <= 300, `the platform refunded 3.00 in all; the ledger says ${after.refundedAmount} refunded`);
    });
  });
}
