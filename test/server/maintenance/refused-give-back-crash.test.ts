/**
 * A duplicate's give-back refused by the platform at once (NCERROR), the process dying right after
 * the refusal's write.
 *
 * docs/ogone-protocol.md §8: a give-back that was refused "is tried again by the payment's next
 * review — its feedback again, or the reconciler's sync, which the flag asks for (`syncNeeded`)".
 * The refusal's write (maintenance/operations.ts applyMaintenanceAnswer) cleared the flag — nothing
 * was open any more (domain/ledger.ts settle) — and only a second write (give-back-key.ts
 * askForNextTry) set it again: a process killed between the two left the duplicate captured, its
 * STATUS final, nothing to try its give-back again. The refusal's own write keeps it now.
 *
 * The process killed: askForNextTry's first read throws once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID_KEPT = '3014801';
const PAYID_DUPLICATE = '3014802';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a duplicate's give-back refused, the process dying right after the refusal's write (${kind})`, () => {
    let duplicate = '';
    const sent: string[] = [];
    const app = appWithFakePlatform(kind, (path, form) => {
      if (form.PAYID === PAYID_KEPT) throw new Error(`the kept payment must never be touched: ${JSON.stringify(form)}`);
      const base = { orderID: duplicate, PAYID: form.PAYID!, ACCEPTANCE: 'test123' };
      if (path.includes('maintenancedirect')) {
        sent.push(`${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
        // The first try is refused by the platform; the next one is done (level 2).
        if (sent.length === 1) return platformAnswer({ ...base, NCSTATUS: '5', NCERROR: '50001127', STATUS: '0', amount: '' });
        return platformAnswer({ ...base, PAYIDSUB: '2', STATUS: '8', amount: '19.99' });
      }
      const refunded = sent.length > 1;
      return platformAnswer({ ...base, PAYIDSUB: refunded ? '2' : '1', STATUS: refunded ? '8' : '9', amount: '19.99' });
    });

    it('the reconciler still sends the next try', async () => {
      const repository = app.t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const listOperations = repository.listOperations!.bind(app.t.repository);
      let killed = false;
      repository.listOperations = async (...args: unknown[]) => {
        if (!killed && (new Error().stack ?? '').includes('askForNextTry')) {
          killed = true;
          throw new Error('process killed right after the refusal was written');
        }
        return listOperations(...args);
      };

      const [kept, second] = (await attemptsOfOneSession(app.t, { amount: 1999, currency: 'EUR' })) as [string, string];
      duplicate = second;
      assert.equal((await app.feedback(feedbackFor(kept, 9, { PAYID: PAYID_KEPT }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(duplicate, 9, { PAYID: PAYID_DUPLICATE }))).status, 200);
      for (let i = 0; i < 100 && !killed; i++) await sleep(20);
      await sleep(100);
      assert.ok(killed, 'precondition: the give-back was refused and the process died before asking for the next try');
      const ops = await app.t.repository.listOperations(duplicate);
      assert.deepEqual(
        ops.map((op) => [op.idempotencyKey, op.status]),
        [['duplicate-payment', 'failed']],
        'precondition: the refused try recorded',
      );

      // The process comes back; the reconciler runs.
      await reconcilerRounds(app.t, 3);
      await sleep(300);

      const after = (await app.t.repository.getTransaction(duplicate))!;
      assert.ok(
        after.state === 'refunded' || after.syncNeeded === true,
        `the duplicate is left charged and nothing will ever try its give-back again: state=${after.state} ` +
          `lastStatus=${after.lastStatus} syncNeeded=${after.syncNeeded} duplicateOf=${after.duplicateOf}; sent ${JSON.stringify(sent)}`,
      );
      assert.equal(after.state, 'refunded', 'the next try sent once the process is back');
      assert.deepEqual(sent, [`RFS ${PAYID_DUPLICATE} 1999`, `RFS ${PAYID_DUPLICATE} 1999`], 'one new try, of its amount');
      assert.equal((await app.t.repository.getTransaction(kept))?.state, 'captured', 'the kept payment untouched');
    });
  });
}
