/**
 * A setup session's card verification (docs/ogone-protocol.md §15) whose automatic cancel (DES)
 * has used all MAX_GIVE_BACK_TRIES (5) tries: past them "a person decides" (the error log says
 * so). Two ways there: four tries refused and the fifth lost, released by a sync; or five refused
 * and one sync by the merchant afterwards.
 *
 * The flag must end false and the reconciler stop querying the payment: Ogone forbids systematic
 * queries (DirectLink guide §5.4). Every query's write used to set it again — a verification still
 * authorised was "owed its review" whatever its tries (feedback/apply-answer.ts) — and the
 * reconciler queried it every round until RECONCILE_MAX_AGE_DAYS, sending nothing (review r510).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { levelAnswer, noSuchLevel, reconcilerRounds } from './history-levels.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const how of ['fifth lost', 'five refused, one sync'] as const) {
    describe(`a verification's cancel, its five tries spent: ${how} (${kind})`, () => {
      const PAYID = how === 'fifth lost' ? '3051001' : '3051002';
      let reference = '';
      const sent: string[] = [];
      let queries = 0;
      const app = appWithFakePlatform(kind, (path, form) => {
        const answer = (status: string, sub?: number) => levelAnswer({ orderID: reference, PAYID }, status, sub, '19.99');
        if (path.includes('maintenancedirect')) {
          sent.push(`${form.OPERATION} ${form.PAYID}`);
          if (how === 'fifth lost' && sent.length === 5) throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
          // A refusal that says nothing moved (50001127 would: a query follows it, operations.ts).
          return { ...answer('0'), NCSTATUS: '5', NCERROR: '50001111', amount: '' };
        }
        if (!path.includes('querydirect')) throw new Error(`unexpected ${path}`);
        queries++;
        // Never cancelled: the order still authorised, no history level.
        if (form.PAYIDSUB !== undefined) return noSuchLevel(answer('', Number(form.PAYIDSUB)));
        return answer('5', 0);
      });

      it('once no try is left, the flag ends false and the reconciler stops querying', async () => {
        const t = app.t;
        const customerId = `cust-spent-${PAYID}`;
        const session = sessionRecord({ mode: 'setup', customer: { id: customerId, name: 'Zoë Test' } });
        await t.repository.createSession(session);
        const tx = transactionRecord(session.id, { customerId, aliasRequest: `OC-SPENT-${PAYID}`, operation: 'RES', state: 'pending' });
        await t.repository.createTransaction(tx);
        reference = tx.reference;
        assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID, ALIAS: tx.aliasRequest! }))).status, 200);
        await sleep(200);
        for (let round = 0; round < 15 && sent.length < 5; round++) {
          await reconcilerRounds(t, 1);
          await sleep(150);
        }
        assert.equal(sent.length, 5, `precondition: five tries sent: ${JSON.stringify(sent)}`);
        if (how === 'fifth lost') {
          // The lost fifth try is released by the next syncs (no level after the grace period).
          await reconcilerRounds(t, 2);
        } else {
          await sleep(150);
          const flag = (await t.repository.getTransaction(reference))!.syncNeeded ?? false;
          assert.equal(flag, false, 'precondition: the fifth refusal cleared the flag');
          // The merchant asks once where the verification stands.
          const synced = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
          assert.equal(synced.status, 200, await synced.clone().text());
        }
        await sleep(200);
        const ops = await t.repository.listOperations(reference);
        assert.deepEqual(
          ops.map((op) => op.status),
          ['failed', 'failed', 'failed', 'failed', 'failed'],
          'precondition: all five tries failed',
        );

        const before = queries;
        const queried = await reconcilerRounds(t, 3);
        await sleep(200);
        const after = (await t.repository.getTransaction(reference))!;
        assert.equal(
          after.syncNeeded ?? false,
          false,
          `tries spent, nothing more is ever sent, yet the flag is kept: state=${after.state} syncNeeded=${after.syncNeeded} ` +
            `(${queries - before} queries in 3 rounds)`,
        );
        assert.deepEqual(queried, [], `the reconciler queried it on every round (${queries - before} more queries)`);
        assert.equal(sent.length, 5, 'never a sixth try');
      });
    });
  }
}
