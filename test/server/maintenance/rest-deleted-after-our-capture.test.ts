/**
 * Found by review r1655 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts deletionLevel also runs beside a capture counted before (ours included), and feedback/apply-answer.ts withDeletionLevel records it whether or not the back office captured.
 *
 * Review r1655: the rest of an authorisation deleted in Ogone's back office after a partial capture
 * of ours is never recorded.
 *
 * What is wrong: server/maintenance/sync.ts `deletionLevel` now finds the deletion of a payment
 * `captured` for less than its amount whose order says 6 (review r1639), but
 * server/feedback/apply-answer.ts records it only inside `withPlatformCapture`, which runs only when
 * the back office made the capture (`capturedByPlatform`). A payment of 19.99 authorised (RES) is
 * captured 5.00 through our API; the merchant then deletes the rest in the back office (level 2:
 * STATUS 6). The sync reads the 6 and the level, and records nothing: `restCancelled` stays false,
 * and a capture of the 14.99 deleted is offered and sent to the platform.
 *
 * Why it matters: README "Merchant API": once the rest of an authorisation was cancelled, a capture
 * is refused 409, and list items' `restCancelled` lets the dashboard offer no action the server
 * would refuse; docs/ogone-protocol.md §9 (back-office operations): a deletion of the rest is
 * recorded as the back office's cancel (reviews r1586, r1639). Which side made the capture does not
 * change what the 6 says (DirectLink guide §5.1.2: the order's STATUS is its newest level's).
 *
 * Expectation: after the sync the list item says `restCancelled: true`, and a capture of the rest
 * is refused 409 with nothing sent to the platform.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

describe('r1655: our partial capture, then the rest deleted in the back office, read by a sync', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  it('records the deletion: restCancelled, and a capture of the rest refused 409', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

    // Our capture of 5.00 (level 1: STATUS 9).
    const ours = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
    assert.equal(ours.status, 200, `precondition: our capture answers: ${(await ours.clone().text()).slice(0, 200)}`);
    const read = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; capturedAmount: number };
    assert.deepEqual([read.state, read.capturedAmount], ['captured', 500], 'precondition: our capture is counted');

    // Later, in the back office: the rest of the authorisation deleted (level 2: STATUS 6).
    platform.backOffice({ status: '6', amount: '14.99' });
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, `precondition: the sync answers: ${(await sync.clone().text()).slice(0, 200)}`);

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
      `the back office deleted the rest of the authorisation (STATUS 6) after our partial capture, yet the list says ` +
        `restCancelled ${item?.restCancelled} and a capture of the rest was answered ${capture.status} ${captureBody.slice(0, 160)}`,
    );
  });
});
