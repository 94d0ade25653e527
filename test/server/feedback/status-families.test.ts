/**
 * STATUS codes as the ledger reads them: a refund the platform carries out as a *payment deletion*
 * (docs/ogone-protocol.md §6, §8: 7 / 74 / 75 settle a refund of ours — server/domain/ledger.ts
 * DONE.refund — and "72 for a payment deletion" is an uncertain maintenance answer). The same
 * family's "pending" (71) and "refused" (73) are read too: a refund answered 71 and then refused
 * (73) is released — it stayed `pending`, its amount reserved, and the merchant's next refund was
 * refused ("everything captured is refunded or being refunded") although nothing was refunded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID = '3014726';

describe('STATUS codes of a refund carried out as a payment deletion (sqlite)', () => {
  /** What maintenancedirect answers next. */
  let maintenanceAnswer = { status: '81', payIdSub: '1', ncError: '0' };
  /** A query by PAYIDSUB: the level's STATUS. */
  let level = '81';
  /** A query by PAYID: the order's STATUS. */
  let overall = '9';
  let reference = '';
  const app = appWithFakePlatform('sqlite', (path, form) => {
    const base = { orderID: reference, PAYID, ACCEPTANCE: 'test123' };
    if (path.includes('querydirect')) {
      const status = form.PAYIDSUB ? level : overall;
      const refused = status === '73' || status === '83';
      return platformAnswer({
        ...base,
        PAYIDSUB: form.PAYIDSUB || '1',
        NCSTATUS: refused ? '3' : '0',
        NCERROR: refused ? '30001001' : '0',
        STATUS: status,
        amount: '19.99',
      });
    }
    if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
    return platformAnswer({
      ...base,
      PAYIDSUB: maintenanceAnswer.payIdSub,
      NCSTATUS: maintenanceAnswer.ncError === '0' ? '0' : maintenanceAnswer.ncError[0]!,
      NCERROR: maintenanceAnswer.ncError,
      STATUS: maintenanceAnswer.status,
      amount: (Number(form.AMOUNT) / 100).toString(),
    });
  });

  it('a refund answered 71 "payment deletion pending", then refused (73): released, the next refund may go', async () => {
    reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
    maintenanceAnswer = { status: '71', payIdSub: '1', ncError: '0' };
    const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
    assert.equal(refund.status, 202, await refund.clone().text());

    // The platform refuses the deletion: status-change feedback 73, and a query says the same.
    overall = '73';
    level = '73';
    assert.equal((await app.feedback(feedbackFor(reference, 73, { PAYID }))).status, 200);
    const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.ok(sync.status < 300, await sync.clone().text());

    const [op] = await app.t.repository.listOperations(reference);
    const stored = await app.t.repository.getTransaction(reference);
    assert.equal(
      op?.status,
      'failed',
      `73 "payment deletion refused" is the refusal of the deletion our refund became (7 / 74 settle it as done): operation ${op?.status} (ogoneStatus ${op?.ogoneStatus}), payment ${stored?.state}, refunded ${stored?.refundedAmount}`,
    );

    maintenanceAnswer = { status: '81', payIdSub: '2', ncError: '0' };
    const again = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
    assert.ok(again.status < 300, `nothing was refunded, a new refund must be possible: ${again.status} ${await again.clone().text()}`);
  });

  it('a refund answered 72 "payment deletion uncertain" is the refund in flight, not an unknown status', async () => {
    reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
    maintenanceAnswer = { status: '72', payIdSub: '1', ncError: '20001001' };
    const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
    assert.equal(refund.status, 202, await refund.clone().text());
    // Resolved as refused: query by level says 73.
    overall = '73';
    level = '73';
    const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.ok(sync.status < 300, await sync.clone().text());
    const [op] = await app.t.repository.listOperations(reference);
    assert.equal(op?.status, 'failed', `the uncertain deletion was refused (73): operation ${op?.status}, ogoneStatus ${op?.ogoneStatus}`);
  });
});
