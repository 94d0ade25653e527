/**
 * A direct query by ORDERID whose answer is the order's own STATUS 0 ("Invalid or incomplete"),
 * with the order's PAYID, is applied: the attempt ends in error with its NCERROR.
 *
 * DirectLink guide §5.3: "The STATUS field will contain the status of the transaction … Only the
 * following status is specifically related to the query itself: 88 The query on querydirect.asp
 * failed." STATUS 0 (NCERROR 500…, NCSTATUS 5) is one of the order's own statuses (DirectLink guide
 * §3.3 / §4.3; e-Commerce Basic §2.4 lists it among the results of a test transaction on the hosted
 * page); a refused request answers PAYID="0". Review r1170 found every STATUS 0 + 5xxxxxxx answer
 * read as a refused query: the sync answered 502 `query_refused`, the attempt stayed a draft, and
 * the reconciler asked the same question every round (the guide forbids systematic queries, §5.4).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID = '3014726';

describe('querydirect answering the order’s own STATUS 0', () => {
  let reference = '';
  const app = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    if (form.PAYIDSUB !== undefined)
      return platformAnswer({
        orderID: reference,
        PAYID,
        PAYIDSUB: form.PAYIDSUB,
        NCSTATUS: '5',
        NCERROR: '50001131',
        STATUS: '88',
        amount: '',
      });
    // The order exists (its PAYID, our orderID), its status is 0 with the error that made it so.
    return platformAnswer({
      orderID: reference,
      PAYID,
      PAYIDSUB: '0',
      NCSTATUS: '5',
      NCERROR: '50001001',
      NCERRORPLUS: 'Unknown card type',
      STATUS: '0',
      amount: '19.99',
      PM: 'CreditCard',
    });
  });

  it('the sync applies STATUS 0: the attempt is in error, with its NCERROR', async () => {
    reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, `an answer with the order's STATUS is an answer (DirectLink guide §5.3): ${await sync.clone().text()}`);
    const stored = (await app.t.repository.getTransaction(reference))!;
    assert.equal(stored.state, 'error', 'STATUS 0 "Invalid or incomplete" (docs/ogone-protocol.md §6: error)');
    assert.equal(stored.lastStatus, 0);
    assert.equal(stored.ncError, '50001001');
  });
});
