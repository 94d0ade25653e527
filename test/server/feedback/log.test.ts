/**
 * What the feedback log keeps of a feedback (server/feedback/log.ts): the SHA-OUT-listed names,
 * uppercased, in code-unit order, each value capped; and the fingerprint an exact repeat is
 * recognised by — fixed, because rows already stored must keep matching their repeats.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FEEDBACK_VALUE_MAX, feedbackCopyKey, feedbackFingerprint, keptFeedbackParams } from '../../../server/feedback/log.ts';
import { loggedFeedbackParams, storedFeedbackParams } from '../../../server/repository/feedback-params.ts';

describe('the feedback log’s kept parameters and fingerprint', () => {
  const params = {
    orderID: 'OC1',
    STATUS: '9',
    Sco_Category: 'a',
    scoring: '1',
    amount: '19.99',
    CN: 'Bárbara Souza',
    ACCEPTANCE: 'tést',
    SHASIGN: 'AB12',
    PARAMPLUS_JUNK: 'x',
  };

  it('keeps the SHA-OUT names only, uppercased, in code-unit order (SCORING before SCO_CATEGORY)', () => {
    const kept = keptFeedbackParams(params);
    assert.deepEqual(Object.entries(kept), [
      ['ACCEPTANCE', 'tést'],
      ['AMOUNT', '19.99'],
      ['CN', 'Bárbara Souza'],
      ['ORDERID', 'OC1'],
      ['SCORING', '1'],
      ['SCO_CATEGORY', 'a'],
      ['STATUS', '9'],
    ]);
  });

  it('caps each value and keeps the first of a name given in two cases', () => {
    const kept = keptFeedbackParams({ COMPLUS: 'c'.repeat(1000), status: '9', STATUS: '5' });
    assert.equal(kept.COMPLUS?.length, FEEDBACK_VALUE_MAX);
    assert.equal(kept.STATUS, '9');
  });

  it('leaves an empty value out, as SHA-OUT does (review r850); keeps it only as releases before logged it', () => {
    assert.deepEqual(keptFeedbackParams({ ECI: '', STATUS: '9', scoring: '' }), { STATUS: '9' });
    assert.deepEqual(keptFeedbackParams({ ECI: '', STATUS: '9' }, { withEmpty: true }), { ECI: '', STATUS: '9' });
  });

  it("a copy's key: the same whatever the empty values, CN, EMAIL, IP, DIGESTCARDNO, names' case or order", () => {
    const key = feedbackCopyKey({ ORDERID: 'OC1', STATUS: '83', PAYID: '3014726', CARDNO: 'XXXXXXXXXXXX1111' });
    const variants: Array<Record<string, string>> = [
      { status: '83', payid: '3014726', orderID: 'OC1', cardno: 'XXXXXXXXXXXX1111' },
      { ORDERID: 'OC1', STATUS: '83', PAYID: '3014726', CARDNO: '4111111111111111', ECI: '', SCORING: '' },
      { ORDERID: 'OC1', STATUS: '83', PAYID: '3014726', CARDNO: 'XXXXXXXXXXXX1111', CN: 'Zoë', EMAIL: 'z@example.com', IP: '1.2.3.4' },
      { ORDERID: 'OC1', STATUS: '83', PAYID: '3014726', CARDNO: 'XXXXXXXXXXXX1111', DIGESTCARDNO: 'AB12', SHASIGN: 'CD34' },
    ];
    for (const variant of variants) assert.equal(feedbackCopyKey(variant), key, JSON.stringify(variant));
    // Any other value with a value tells two feedbacks apart.
    assert.notEqual(feedbackCopyKey({ ORDERID: 'OC1', STATUS: '83', PAYID: '3014726', CARDNO: 'XXXXXXXXXXXX1111', ECI: '7' }), key);
    assert.notEqual(feedbackCopyKey({ ORDERID: 'OC1', STATUS: '83', PAYID: '3014727', CARDNO: 'XXXXXXXXXXXX1111' }), key);
  });

  it('the fingerprint is the SHA-256 of the kept entries as JSON, cut to 128 bits as migration 0014 cut stored rows', () => {
    // The full digest, as rows before migration 0014 stored it: 1874cf5f…d355f6.
    const full = '1874cf5f9146eb136d619f045052038e475a21f4ba63688d20d7261029d355f6';
    assert.equal(feedbackFingerprint(keptFeedbackParams(params)), full.slice(0, 32));
  });

  it("stores ORDERID and STATUS only where they differ from the row's columns, and reads them back in order", () => {
    const kept = keptFeedbackParams(params);
    const stored = storedFeedbackParams(kept, 'OC1', 9);
    assert.deepEqual(Object.keys(stored), ['ACCEPTANCE', 'AMOUNT', 'CN', 'SCORING', 'SCO_CATEGORY']);
    assert.deepEqual(Object.entries(loggedFeedbackParams(stored, 'OC1', 9)), Object.entries(kept));
    // Another reference (a case of its own), another status, no status column: kept as sent.
    assert.equal(storedFeedbackParams(kept, 'oc1', 9).ORDERID, 'OC1');
    assert.equal(storedFeedbackParams(kept, 'OC1', 5).STATUS, '9');
    assert.equal(storedFeedbackParams(kept, 'OC1', null).STATUS, '9');
    assert.equal(storedFeedbackParams({ STATUS: '09' }, 'OC1', 9).STATUS, '09');
    // A row written before keeps both, and is read as it is, in its own order (before issue 13,
    // the order the request had).
    const unsorted = { ORDERID: 'OC1', CURRENCY: 'EUR', STATUS: '9', AMOUNT: '1.00' };
    assert.deepEqual(Object.entries(loggedFeedbackParams(unsorted, 'OC1', 9)), Object.entries(unsorted));
    assert.deepEqual(Object.keys(loggedFeedbackParams({ AMOUNT: '1', PM: 'X', TRXDATE: 'd' }, 'OC1', 9)), [
      'AMOUNT',
      'ORDERID',
      'PM',
      'STATUS',
      'TRXDATE',
    ]);
    assert.equal(loggedFeedbackParams({}, 'OC1', null).STATUS, undefined);
  });
});
