/**
 * A merchant charge whose answer was lost (the order reached the platform), retried: the retry
 * reads the draft flagged, and the reconciler's query settles it (authorised) before the retry
 * takes the draft's send lease. The lease is then refused — the payment is no draft any more — and
 * the retry was told "a charge with this reference is being made", though it was made and
 * settled. It is told what a retry finding it settled is: the charge exists, in its state. (A CI
 * run of test/flows/maintenance.test.ts met this race with its 100 ms reconciler.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { paidWithSavedCard } from '../../support/app.ts';

describe('a lost-answer charge settled while its retry is on its way', () => {
  let loseNext = false;
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
    if (loseNext) {
      loseNext = false;
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    throw new Error(`a second order was sent for ${form.ORDERID}`);
  });

  it('the retry is told the charge exists, in its state, and sends nothing', async () => {
    const t = fake.t;
    const { card } = await paidWithSavedCard(t, 'cust-settled-retry');

    const reference = 'SETTLED-DURING-RETRY';
    const body = { amount: 900, currency: 'EUR', reference };
    loseNext = true;
    const lost = await t.api(`/api/aliases/${card.id}/charges`, { method: 'POST', json: body });
    assert.ok(lost.status >= 500, `precondition: the answer was lost (${lost.status})`);
    assert.equal((await t.repository.getTransaction(reference))?.syncNeeded, true);

    // The reconciler's query settles it just before the retry takes the send lease.
    const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const claim = repository.claimDraftSend!.bind(t.repository);
    repository.claimDraftSend = async (...args: unknown[]) => {
      assert.equal((await fake.feedback(feedbackFor(reference, 5, { amount: '9', PAYID: '7000001' }))).status, 200);
      return claim(...args);
    };
    const retry = await t.api(`/api/aliases/${card.id}/charges`, { method: 'POST', json: body });
    repository.claimDraftSend = claim;
    const answer = (await retry.json()) as { error: { code: string; message: string } };
    assert.equal(retry.status, 409);
    assert.deepEqual(
      [answer.error.code, /state authorized/.test(answer.error.message)],
      ['duplicate_reference', true],
      `the retry was told: ${answer.error.message}`,
    );
  });
});
