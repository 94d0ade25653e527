/**
 * Two syncs of one payment at once, both asked before either applies its answer: the first sync
 * of a payment authorised only (OPERATION RES) that the back office captured 3.00 of. Found in
 * review: on SQLite one of them sometimes answered `capturedAmount: 0`, `authorized`, while what
 * was written was right (3.00 captured). The overtaken one (maintenance/sync.ts AnswerOvertaken)
 * read the payment again through SQLite's read connection, which sees committed data only, while
 * the other's write was still in the group commit's open batch (db/group-commit.ts).
 *
 * Expectation: each sync answers the stored truth — `captured`, 3.00 — round after round. On both
 * databases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { headQueryBarrier, historyLevels } from './history-levels.ts';

const PAYID = '3014791';
const ROUNDS = 25;

for (const kind of DATABASE_KINDS)
  describe(`two first syncs at once answer what they stored (${kind})`, () => {
    const platform = historyLevels(PAYID);
    /** Armed, it holds head queries until two have arrived: both syncs asked before either applies. */
    const barrier = headQueryBarrier();
    const app = appWithFakePlatform(
      kind,
      async (path, form) => {
        await barrier.hold(path, form);
        return platform.handle(path, form);
      },
      { env: { OGONE_OPERATION: 'RES' } },
    );

    it(`each answers captured 3.00 (${ROUNDS} rounds)`, async () => {
      const wrong: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
        platform.start(reference, '5');
        assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
        platform.backOffice({ status: '9', amount: '3' });

        barrier.arm();
        const answers = await Promise.all(
          [0, 1].map(async () => {
            const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
            assert.equal(response.status, 200, await response.clone().text());
            const body = (await response.json()) as { state: string; capturedAmount: number };
            return `${body.state} ${body.capturedAmount}`;
          }),
        );
        const stored = (await app.t.repository.getTransaction(reference))!;
        assert.equal(`${stored.state} ${stored.capturedAmount}`, 'captured 300', 'precondition: the write is right');
        for (const answer of answers) if (answer !== 'captured 300') wrong.push(`round ${round}: ${answer}`);
      }
      assert.deepEqual(wrong, []);
    });
  });
