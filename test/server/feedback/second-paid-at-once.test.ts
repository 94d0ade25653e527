/**
 * Two hosted-page payments of one session, both paid, whose feedbacks are applied
 * at the same time (two tabs; PostgreSQL, where two payments' row locks do not serialise them).
 *
 * decide.ts sets `syncNeeded` on a second paid payment of a paid session "should this process
 * die after answering the platform and before the review records it" (the give-back), so that the
 * reconciler's sync brings the review back. That flag is only set when the session was already
 * paid when the feedback read it. When both feedbacks read the session `open` and both ask to mark
 * it paid, the repository's `status = 'open'` condition lets exactly one win; the loser's own
 * write then flags it — else
 * it committed `captured`, no `duplicateOf`, no `syncNeeded`, STATUS 9 (final), and after a crash
 * before the in-process review (processFeedback's afterChange) the second charge was never given back.
 *
 * The crash is simulated by applying the feedbacks through applyFeedback (verify → decide → apply,
 * exactly what processFeedback does before afterChange). The interleaving is made deterministic
 * by holding the session row locked from a third connection while both feedbacks run. Since a
 * payment change locks its session's row after its own (repository/mutate-transaction.ts), both
 * wait there and then run one after the other: the second reads the session paid, and decide.ts
 * flags it. updateWrite's unlessSessionPaid guard stays behind that as a second line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withSessionRowHeld } from '../../support/session-row-held.ts';
import { useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createLogger } from '../../../server/logger.ts';
import { logCollector } from '../../support/logs.ts';
import { verifyFeedback } from '../../../server/feedback/verify.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';

describe('two payments of one session paid at once, the process dying before the review (postgres)', () => {
  const t = useTestApp('postgres');

  const config = parseServerConfig({ ...TEST_ENV });
  const logger = createLogger({ level: 'error', destination: logCollector([]) });

  async function newSessionWithTwoTabs(): Promise<{ sessionId: string; refs: [string, string] }> {
    const created = await t.api('/api/checkout-sessions', {
      method: 'POST',
      json: { amount: 1999, currency: 'EUR', successUrl: 'https://shop.example.com/ok' },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const sessionId = ((await created.json()) as { id: string }).id;
    const refs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await t.app.request(`/checkout/sessions/${sessionId}/attempts`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.status, 201, await response.clone().text());
      refs.push(((await response.json()) as { reference: string }).reference);
    }
    return { sessionId, refs: refs as [string, string] };
  }

  /** verify → decide → apply, as processFeedback, without the review that follows the commit. */
  async function applyWithoutReview(reference: string, payId: string) {
    const verified = verifyFeedback({ config, logger } as never, feedbackFor(reference, 9, { PAYID: payId }), 'server');
    assert.equal(verified.kind, 'verified');
    if (verified.kind !== 'verified') throw new Error('unreachable');
    return applyFeedback({ repository: t.repository }, verified, 'server');
  }

  it('sequentially, the second paid payment is left due for the reconciler (the code’s own intent)', async () => {
    const { sessionId, refs } = await newSessionWithTwoTabs();
    await applyWithoutReview(refs[0], '3000001');
    await applyWithoutReview(refs[1], '3000002');
    const session = await t.repository.getSession(sessionId);
    assert.equal(session?.paidReference, refs[0]);
    const second = await t.repository.getTransaction(refs[1]);
    assert.equal(second?.state, 'captured');
    assert.equal(second?.syncNeeded, true, 'control: a second paid payment is flagged for the sync');
  });

  it('concurrently, the payment that lost the session is left captured and never reviewed', async () => {
    const { sessionId, refs } = await newSessionWithTwoTabs();
    // Both feedbacks read the session `open`, then wait on the session row's UPDATE.
    await withSessionRowHeld(t.database.env.DATABASE_URL!, sessionId, 2, () =>
      Promise.all([applyWithoutReview(refs[0], '3000001'), applyWithoutReview(refs[1], '3000002')]),
    );

    const session = await t.repository.getSession(sessionId);
    assert.equal(session?.status, 'paid');
    const winner = session!.paidReference!;
    assert.ok(refs.includes(winner));
    const loserRef = refs.find((r) => r !== winner)!;
    const loser = await t.repository.getTransaction(loserRef);
    assert.equal(loser?.state, 'captured', 'both tabs were charged');
    assert.ok(
      loser?.syncNeeded === true || loser?.duplicateOf != null,
      `the second charge of session ${sessionId} (${loserRef}) was committed captured with syncNeeded=${loser?.syncNeeded}, ` +
        `duplicateOf=${loser?.duplicateOf}, lastStatus=${loser?.lastStatus} (final): should the process die before the ` +
        'in-process review, neither the reconciler nor anything else ever gives it back',
    );
  });
});
