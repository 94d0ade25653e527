/**
 * Found by review r1656 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts deletionLevel reads a done cancel level of a payment captured for less than its amount whenever the order names levels, whatever its STATUS.
 *
 * Review r1656: a back-office deletion of the rest followed by a back-office refund, both made
 * between two syncs, is never recorded.
 *
 * What is wrong: server/maintenance/sync.ts `deletionLevel` records the back office's deletion of
 * the rest of a payment `captured` for less than its amount only while the order's own STATUS says
 * 6 (`restDeletedNow`: operationOutcome('cancel', head.status)). A payment of 19.99 authorised (RES)
 * is captured 5.00 in the back office (read by a sync); then, before the next round, the back office
 * deletes the rest (level 2: STATUS 6), then tries a refund of 2.00 that is refused (level 3:
 * STATUS 83). The next sync reads the levels (backOfficeRefund now reads the refund levels whatever
 * the STATUS, 83 included) and sees level 2's 6, yet records no deletion because the order's STATUS
 * is the refused refund's 83. Sync after sync, `restCancelled` stays false and a capture of the 14.99 deleted is
 * offered and sent to the platform.
 *
 * Why it matters: README "Merchant API": once the rest of an authorisation was cancelled, a capture
 * is refused 409, and list items' `restCancelled` lets the dashboard offer no action the server
 * would refuse. docs/ogone-protocol.md §9 (back-office operations): a deletion read by a later sync
 * than the capture's — the back office's two actions a round apart — is recorded as the back
 * office's cancel (review r1639). DirectLink guide §5.1.2: the order's STATUS is its newest level's
 * only; the deletion is on its own level, which this sync reads.
 *
 * Expectation: after the sync the payment is still captured 5.00, nothing refunded, the list
 * item says `restCancelled: true`, and a capture of the rest is refused 409 with nothing sent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

describe('r1656: a back-office capture read by a sync, then the rest deleted and a refund refused before the next', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  it('records the deletion: restCancelled, and a capture of the rest refused 409', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

    platform.backOffice({ status: '9', amount: '5.00' });
    const first = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(first.status, 200, `precondition: the first sync answers: ${(await first.clone().text()).slice(0, 200)}`);

    // Before the next round, in the back office: the rest deleted (level 2), then a refund of 2.00 refused (level 3).
    platform.backOffice({ status: '6', amount: '14.99' });
    platform.backOffice({ status: '83', amount: '2.00' });
    for (let i = 0; i < 2; i++) {
      const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, `precondition: the sync answers: ${(await sync.clone().text()).slice(0, 200)}`);
    }
    const read = (await (await t.api(`/api/transactions/${reference}`)).json()) as {
      state: string;
      capturedAmount: number;
      refundedAmount: number;
    };
    assert.deepEqual(
      [read.state, read.capturedAmount, read.refundedAmount],
      ['captured', 500, 0],
      'precondition: the back-office capture stays counted, nothing refunded',
    );

    const list = (await (await t.api(`/api/transactions?q=${reference}`)).json()) as {
      data: Array<{ reference: string; restCancelled: boolean }>;
    };
    const item = list.data.find((row) => row.reference === reference);
    const sentBefore = platform.maintenance.length;
    const capture = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
    const captureBody = await capture.text();
    assert.deepEqual(
      { restCancelled: item?.restCancelled, capture: capture.status, sent: platform.maintenance.slice(sentBefore).map((f) => f.OPERATION) },
      { restCancelled: true, capture: 409, sent: [] },
      `level 2 says the rest was deleted (STATUS 6) and the sync read it, yet the list says restCancelled ` +
        `${item?.restCancelled} and a capture of the rest was answered ${capture.status} ${captureBody.slice(0, 160)}`,
    );
  });
});
