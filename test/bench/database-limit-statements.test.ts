/**
 * The SQLite database limit (bench/database-limit.ts) runs "the exact statements of a sign and of
 * a feedback" without the route: this holds it to that. A sign, then a first feedback and its
 * repeat, go through the real app on a real SQLite file while every statement the process runs
 * is recorded; the texts each phase ran must be the limit's, character for character, no more and
 * no fewer. (Until this test the limit had fallen behind three migrations — the log row's
 * `params_packed`, the payment's `card_last4` and `livemode`, the event's `livemode` — and left
 * out the session read of the review that follows a paid payment's first feedback.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SQLITE_LIMIT_STATEMENTS } from '../../bench/database-limit.ts';
import { aroundStatements } from '../../bench/sqlite-statements.ts';
import { postServerFeedback, useTestApp } from '../support/app.ts';
import { feedbackFor } from '../support/feedback.ts';

/**
 * From now until `stop()`, the SQL text of every statement run through a statement prepared on
 * any better-sqlite3 connection of this process (transaction control through `exec` aside: the
 * limit's group commit issues its own), in `ran`.
 */
function recordStatements(): { ran: Set<string>; stop(): void } {
  const ran = new Set<string>();
  let recording = true;
  const undo = aroundStatements((method, sql, run) => {
    if (recording && method !== 'exec' && method !== 'iterate') ran.add(sql);
    return run();
  });
  return {
    ran,
    stop() {
      recording = false;
      undo();
    },
  };
}

describe('the SQLite database limit runs the statements the server runs', () => {
  // Installed before the app opens its connections, so that every statement it prepares is seen.
  let recorder: ReturnType<typeof recordStatements>;
  before(() => {
    recorder = recordStatements();
  });
  after(() => {
    recorder.stop();
  });
  const t = useTestApp('sqlite');

  /** The texts `work` ran. */
  async function ranBy(work: () => Promise<void>): Promise<string[]> {
    recorder.ran.clear();
    await work();
    return [...recorder.ran].sort();
  }

  it('a sign, then a first feedback and its repeat', async () => {
    const created = (await (
      await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', description: 'Limit' } })
    ).json()) as { id: string };
    let reference = '';
    const sign = await ranBy(async () => {
      const response = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ saveCard: false, locale: 'fr' }),
      });
      assert.equal(response.status, 201);
      reference = ((await response.json()) as { reference: string }).reference;
    });
    const params = feedbackFor(reference, 9);
    const feedback = await ranBy(async () => {
      assert.equal((await postServerFeedback(t, params)).status, 200);
      assert.equal((await postServerFeedback(t, params)).status, 200);
      // The review after the first answer (maintenance/duplicates.ts) reads in the background.
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    assert.equal((await t.repository.getTransaction(reference))?.state, 'captured');
    assert.deepEqual(sign, [...SQLITE_LIMIT_STATEMENTS.sign].sort());
    assert.deepEqual(feedback, [...SQLITE_LIMIT_STATEMENTS.feedback].sort());
  });
});
