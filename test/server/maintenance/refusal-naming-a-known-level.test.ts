/**
 * A status-change refusal (83) naming a history level (PAYIDSUB) while a refund of ours is still
 * processing (81) on a level of its own: the level says whose refusal it was, so the payment is not
 * left to the query (`awaitsQuery`, which answers 409 to every capture, refund and cancel, and
 * which the queries keep while a refund is open — for an offline refund, days). Found by review
 * r820 after 650095d, which lifted the flag only when the feedback itself settled the named level:
 * - a late 83 naming refund A's level after a sync had failed A by that level;
 * - a second copy of A's 83 (the platform's retry, a replayed URL);
 * - an 83 naming a level none of ours holds (a refund refused in the back office) while B holds
 *   its own.
 * And the case that still is in doubt: the named level may be that of a refund of ours whose
 * answer was uncertain and that holds no level yet — the flag is set, for the query by level.
 * In each case B's 9.99 stays reserved: a refund within what is left goes, none over it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds, uncertainWithoutLevel } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refusal naming a level whose owner is known, a refund still processing (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // Every refund is processed offline: its level says 81 until the test moves it; with
    // `uncertain`, its answer is uncertain and carries no PAYIDSUB ([DL] §4.3).
    let uncertain = false;
    platform.maintenanceAnswer = (level, payIdSub) => {
      level.status = '81';
      platform.orderSays('81');
      const answer = platform.answer(level.status, payIdSub, level.amount);
      return uncertain ? uncertainWithoutLevel(answer, '81') : answer;
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const refunds = async () =>
      (await app.t.repository.listOperations(reference)).filter((op) => op.kind === 'refund').map((op) => [op.payidSub, op.status]);
    const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });

    /** 19.99 captured; refund A 10.00 on level 1, refund B 9.99 on level 2, both 81; level 1 refused (83). */
    async function twoRefundsFirstRefused() {
      uncertain = false;
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      for (const amount of [1000, 999]) {
        const refund = await api('/refund', { json: { amount } });
        assert.equal(refund.status, 202, await refund.clone().text());
      }
      platform.levelSays(1, '83');
      platform.orderSays('81');
    }

    async function assertNotBlocked(when: string) {
      assert.deepEqual(await refunds(), [
        [1, 'failed'],
        [2, 'pending'],
      ]);
      const payment = await stored();
      assert.equal(payment.awaitsQuery === true, false, `${when}: the refusal names its level, not B's: nothing is in doubt`);
      const within = await api('/refund', { json: { amount: 1000 } });
      assert.equal(within.status, 202, `${when}: ${await within.clone().text()}`);
    }

    it('the 83 naming level 1 after a sync failed A by its level', async () => {
      await twoRefundsFirstRefused();
      assert.equal((await api('/sync')).status, 200);
      assert.deepEqual(
        await refunds(),
        [
          [1, 'failed'],
          [2, 'pending'],
        ],
        'precondition: the sync read level 1 and failed A',
      );
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, PAYIDSUB: '1' }))).status, 200);
      // Syncing, as the 409 says, does not lift it while B is still processing.
      await reconcilerRounds(app.t, 2);
      await assertNotBlocked('late 83 after the sync');
    });

    it('a second copy of the 83 naming level 1', async () => {
      await twoRefundsFirstRefused();
      const refusal = feedbackFor(reference, 83, { PAYID, PAYIDSUB: '1' });
      assert.equal((await app.feedback(refusal)).status, 200);
      assert.equal((await stored()).awaitsQuery === true, false, 'precondition: the first copy leaves nothing to the query (650095d)');
      app.t.clock.advance(60_000);
      assert.equal((await app.feedback(refusal)).status, 200);
      await assertNotBlocked('second copy of the 83');
    });

    it('an 83 naming a level none of ours holds (a back office refund refused) while B holds its own level', async () => {
      await twoRefundsFirstRefused();
      // A refused by its own feedback (650095d: no flag), then a refund of 5.00 tried in the back
      // office and refused on level 3: its feedback names level 3. B holds level 2: it is not B's.
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, PAYIDSUB: '1' }))).status, 200);
      platform.backOffice({ status: '83', amount: '5.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, PAYIDSUB: '3' }))).status, 200);
      await reconcilerRounds(app.t, 1);
      await assertNotBlocked('83 of the back office on level 3');
    });
    it('an 83 naming a level while a refund of ours holds none is left to the query', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      uncertain = true;
      const refund = await api('/refund', { json: { amount: 1000 } });
      assert.equal(refund.status, 202, await refund.clone().text());
      assert.deepEqual(await refunds(), [[null, 'pending']], 'precondition: the refund holds no level');
      platform.levelSays(1, '83');
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, PAYIDSUB: '1' }))).status, 200);
      assert.equal((await stored()).awaitsQuery, true, 'level 1 may be the uncertain refund’s: only the query by level tells');
    });
  });
}
