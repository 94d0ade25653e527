/**
 * Found by review r211. A hosted payment (OPERATION=RES) authorised: its server-to-server
 * feedback 5 fails (our server was down) and the platform retries it later (feedback/decide.ts
 * recordsLastStatus: "the platform retries its first post-sale request"). Meanwhile the merchant
 * captured it in the back office and the reconciler, querying the draft, read 91 (capture being
 * processed). Before 53e2f56 the 91 made it `authorized` with last STATUS 91, the late 5 changed
 * nothing and kept the 91, and the reconciler's next query read the 9. Now the 91 is `pending`, so
 * the late 5 *moves* the state (pending → authorized) and overwrites the last STATUS with a final
 * 5: the reconciler never asks again, and — status-change feedback being off by default
 * (docs/ogone-protocol.md §9) — the capture is never learnt: `authorized` for good while captured.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { awaitsPlatform } from '../../../server/repository/sync-claims.ts';

describe('the query read 91, then the platform retried its earlier 5', () => {
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    return platformAnswer({
      orderID: form.ORDERID ?? '',
      PAYID: '3014726',
      ACCEPTANCE: 'test123',
      STATUS: '91',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });

  it('keeps the unresolved 91 for the reconciler', async () => {
    const t = fake.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    // The reconciler asks about the draft (its feedback never arrived): 91, a capture being processed.
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, await sync.clone().text());
    // The platform's retry of the first feedback, sent before the capture: STATUS 5.
    assert.equal((await fake.feedback(feedbackFor(reference, 5))).status, 200);

    const after = await t.repository.getTransaction(reference);
    assert.ok(
      awaitsPlatform(after!),
      `after the late 5 the payment is ${after?.state} with last STATUS ${after?.lastStatus}: the capture the platform reported ` +
        '(91) is no longer queried, so its 9 is never learnt and the payment stays authorized while the money was captured',
    );
  });
});
