/**
 * A late page end (0, 1, 2) of an earlier try after a 91 or 92 writes nothing: not the state, not
 * the earlier try's PAYID. Review r1380 found the first fix of r1366 keeping the 91 as the last
 * STATUS but taking that feedback's details, the earlier try's PAYID among them; a last STATUS 91
 * is not a try another may follow (payments/hosted-page-tries.ts), so the sync asked by that PAYID,
 * which answers 2 for good (docs/ogone-protocol.md §9, review r930), recorded it, and the 9 the
 * platform held for the 91's try was never learnt: the shopper charged, the merchant told
 * `payment.declined`. feedback/decide.ts endOfEarlierTry now changes nothing.
 *
 * Expected: after 91 or 92 (PAYID of try 2), a late 2 or 1 (PAYID of try 1), the page no longer
 * payable, a sync reads the 9 of the order and the payment is captured.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const FIRST_TRY = '3014726';
const PROCESSING_TRY = '3014727';

describe('a late page end of an earlier try after a 91 / 92', () => {
  let reference = '';
  const asked: string[] = [];
  const app = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    asked.push(form.PAYID ? `PAYID ${form.PAYID}${form.PAYIDSUB ? `/${form.PAYIDSUB}` : ''}` : `ORDERID ${form.ORDERID}`);
    if (form.PAYIDSUB !== undefined)
      return platformAnswer({ orderID: reference, PAYID: form.PAYID ?? '0', NCSTATUS: '5', NCERROR: '50001131', STATUS: '88', amount: '' });
    const refused = platformAnswer({
      orderID: reference,
      PAYID: FIRST_TRY,
      PAYIDSUB: '0',
      NCSTATUS: lateStatus === 2 ? '3' : '0',
      NCERROR: lateStatus === 2 ? '30001001' : '0',
      STATUS: String(lateStatus),
      amount: '19.99',
      PM: 'CreditCard',
    });
    const paid = platformAnswer({
      orderID: reference,
      PAYID: PROCESSING_TRY,
      PAYIDSUB: '0',
      ACCEPTANCE: 'TEST42',
      STATUS: '9',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
    // By PAYID: that try, for good. By ORDERID: the order's newest try (the 91's, now paid).
    if (form.PAYID === FIRST_TRY) return refused;
    return paid;
  });

  // The earlier try's end: its own PAYID, its own STATUS for good when asked by it.
  const earlierTry: Record<number, { status: string; ncError: string; ncStatus: string }> = {
    2: { status: '2', ncError: '30001001', ncStatus: '3' },
    1: { status: '1', ncError: '0', ncStatus: '0' },
  };
  let lateStatus = 2;
  for (const [unresolved, late] of [
    [91, 2],
    [92, 2],
    [91, 1],
  ] as const)
    it(`a ${unresolved} then a late ${late} of an earlier try: the ${unresolved}'s 9 is learnt`, async () => {
      lateStatus = late;
      asked.length = 0;
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      // The later try is processing (91) or uncertain (92); its feedback arrives first.
      assert.equal((await app.feedback(feedbackFor(reference, unresolved, { PAYID: PROCESSING_TRY }))).status, 200);
      // The earlier try's end (deferred feedback, a replayed redirect) arrives after it.
      const { ncError } = earlierTry[late]!;
      assert.equal(
        (
          await app.feedback(
            feedbackFor(reference, late, { PAYID: FIRST_TRY, NCERROR: ncError, ...(late === 1 ? { ACCEPTANCE: '' } : {}) }),
          )
        ).status,
        200,
      );
      const kept = (await app.t.repository.getTransaction(reference))!;
      assert.equal(
        kept.lastStatus,
        unresolved,
        `precondition: the ${unresolved} stays the last STATUS for the reconciler (endOfEarlierTry)`,
      );

      // The page can no longer be paid; the platform settled the later try with a 9, its feedback lost.
      app.t.clock.advance(2 * 86_400_000);
      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      const stored = (await app.t.repository.getTransaction(reference))!;
      assert.equal(
        stored.state,
        'captured',
        `the platform holds 19.99 EUR captured for the ${unresolved}'s try, yet the payment is ${stored.state} (last STATUS ${stored.lastStatus}); ` +
          `before the sync its payid was ${kept.payid} (the earlier try's); the sync asked ${asked.join(', ')} and answered ` +
          `${sync.status} ${(await sync.clone().text()).slice(0, 200)}`,
      );
    });
});
