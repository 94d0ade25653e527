/**
 * Found by review r1639 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts deletionLevel also reads the deletion of a payment captured for less than its amount, and feedback/apply-answer.ts withPlatformCapture records it beside the capture an earlier sync counted, with payment.cancelled.
 *
 * Review r1639: the fixes of r1567 / r1586 (a back-office deletion of the rest recorded as the
 * back office's cancel) cover only a deletion read in the same answer as the capture.
 *
 * What is wrong: server/maintenance/sync.ts `deletionLevel` records the back office's deletion
 * (STATUS 6 level, [DL] §5.1.2) only for a payment `cancelled` with nothing captured
 * (shared/status.ts `capturedBeforeCancel`) or `authorized` and deleted by this very answer
 * (`deletedNow`). A payment of 19.99 authorised (RES) is captured 5.00 in Ogone's back office; a
 * sync reads it (captured, 500). Later the back office deletes the rest of the authorisation
 * (level 2: STATUS 6) and the next sync reads the order's 6 — but the payment is `captured` now,
 * neither case applies, and the deletion is never recorded: no cancel operation, `restCancelled`
 * false on the list item, and the ledger still takes a capture of the 14.99 deleted, which it sends
 * to the platform.
 *
 * Why it matters: README "Merchant API": "once the rest of an authorisation was cancelled, a
 * capture is refused 409", and list items' `restCancelled` — "the dashboard's rows offer no action
 * the server would refuse". docs/ogone-protocol.md §9 (back-office operations): a deletion of the
 * rest is recorded as the back office's cancel (review r1586: "a capture of the deleted rest was
 * offered"). The dashboard offers, and the API sends, a capture the platform must refuse — the
 * same defect as r1586, reached when the reconciler read the capture one round before the
 * deletion (the ordinary case: the back office's two actions minutes apart).
 *
 * Expectation: after the second sync the list item says `restCancelled: true`, and a capture of
 * the rest is refused 409 with nothing sent to the platform.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

describe('r1639: a back-office partial capture read by a sync, then the rest deleted, read by the next', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  it('records the deletion: restCancelled, and a capture of the rest refused 409', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

    // In Ogone's back office: capture 5.00, read by a sync.
    platform.backOffice({ status: '9', amount: '5.00' });
    const first = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(first.status, 200, `precondition: the first sync answers: ${(await first.clone().text()).slice(0, 200)}`);
    const read = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; capturedAmount: number };
    assert.deepEqual([read.state, read.capturedAmount], ['captured', 500], 'precondition: the back-office capture is counted');

    // Later, in the back office: the rest of the authorisation deleted (level 2: STATUS 6).
    platform.backOffice({ status: '6', amount: '14.99' });
    const second = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(second.status, 200, `precondition: the second sync answers: ${(await second.clone().text()).slice(0, 200)}`);

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
      `the back office deleted the rest of the authorisation (STATUS 6), yet the list says restCancelled ${item?.restCancelled} ` +
        `and a capture of the rest was answered ${capture.status} ${captureBody.slice(0, 160)}`,
    );
  });
});
