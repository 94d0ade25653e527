/**
 * decideFeedback, the pure decision behind every feedback and query answer: what a STATUS does to
 * a payment's state, amounts and webhooks, without a database. The expected values are the
 * meanings of docs/ogone-protocol.md §6 (STATUS codes and the states they lead to, one way only,
 * retries after a refusal, uncertain is not refused, 94/96 undo a refund, unknown codes) and §5
 * (AMOUNT and CURRENCY must equal what we stored, a mismatch is never paid).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideFeedback } from '../../../server/feedback/decide.ts';
import type { PaymentState } from '../../../shared/status.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const session = sessionRecord({ status: 'paid' });
/** Feedback of the stored amount (19.99 EUR) with `status`, names uppercased as decideFeedback receives them. */
const params = (status: number, extra: Record<string, string> = {}) => ({
  ORDERID: 'T1',
  AMOUNT: '19.99',
  CURRENCY: 'EUR',
  STATUS: String(status),
  PAYID: '3014726',
  NCERROR: '0',
  ...extra,
});

/** A payment of 19.99 EUR in `state`, with the amounts that state implies. */
function paymentIn(state: PaymentState, lastStatus: number | null = null) {
  const captured = state === 'captured' || state === 'partially_refunded' || state === 'refunded' ? 1999 : 0;
  const refunded = state === 'refunded' ? 1999 : state === 'partially_refunded' ? 500 : 0;
  const payid = state === 'pending' || state === 'draft' ? null : '3014726';
  return transactionRecord(session.id, { state, lastStatus, capturedAmount: captured, refundedAmount: refunded, payid });
}

describe('decideFeedback: STATUS × current state', () => {
  // [current state, STATUS, state after, webhooks]: one row per case, docs/ogone-protocol.md §6.
  const rows: Array<[PaymentState, number, PaymentState, string[]]> = [
    // A first answer for a pending attempt: the outcome of the hosted page or the order.
    ['pending', 5, 'authorized', ['payment.authorized']],
    ['pending', 9, 'captured', ['payment.captured']],
    ['pending', 0, 'error', ['payment.error']],
    ['pending', 1, 'cancelled', ['payment.cancelled']],
    ['pending', 2, 'declined', ['payment.declined']],
    ['pending', 93, 'declined', ['payment.declined']],
    ['pending', 6, 'cancelled', ['payment.cancelled']],
    // Waiting and uncertain statuses leave it pending: "uncertain is not refused".
    ['pending', 4, 'pending', []],
    ['pending', 41, 'pending', []],
    ['pending', 46, 'pending', []],
    ['pending', 51, 'pending', []],
    ['pending', 52, 'pending', []],
    ['pending', 92, 'pending', []],
    ['pending', 99, 'pending', []],
    // Unknown codes change nothing; 88 is the query's own failure, not a payment status.
    ['pending', 3, 'pending', []],
    ['pending', 88, 'pending', []],
    // An authorised payment: captured by 9, cancelled by 6; in-flight maintenance leaves it authorised.
    ['authorized', 9, 'captured', ['payment.captured']],
    ['authorized', 6, 'cancelled', ['payment.cancelled']],
    ['authorized', 91, 'authorized', []],
    ['authorized', 92, 'authorized', []],
    ['authorized', 61, 'authorized', []],
    ['authorized', 63, 'authorized', []],
    // One way: a refusal or a wait after the authorisation does not take it back.
    ['authorized', 2, 'authorized', []],
    ['authorized', 51, 'authorized', []],
    // A captured payment: refunded by 8, 84, 7; a refund pending or refused keeps it captured.
    ['captured', 8, 'refunded', ['payment.refunded']],
    ['captured', 84, 'refunded', ['payment.refunded']],
    ['captured', 7, 'refunded', ['payment.refunded']],
    ['captured', 81, 'captured', []],
    ['captured', 83, 'captured', []],
    ['captured', 94, 'captured', []],
    // "A 5 after a 9, a 46 or a 2 after a capture … change nothing."
    ['captured', 5, 'captured', []],
    ['captured', 46, 'captured', []],
    ['captured', 2, 'captured', []],
    ['captured', 51, 'captured', []],
    // "… a 9 after a refund change nothing"; 94 and 96 undo a refund.
    ['refunded', 9, 'refunded', []],
    ['refunded', 5, 'refunded', []],
    ['refunded', 94, 'captured', ['payment.refund_reversed']],
    ['refunded', 96, 'captured', ['payment.refund_reversed']],
    ['partially_refunded', 94, 'captured', ['payment.refund_reversed']],
    ['partially_refunded', 96, 'captured', ['payment.refund_reversed']],
    // Retries on the page: after a 2 (or an error) a later 5 or 9 of the same order still applies.
    ['declined', 5, 'authorized', ['payment.authorized']],
    ['declined', 9, 'captured', ['payment.captured']],
    ['error', 5, 'authorized', ['payment.authorized']],
    ['error', 9, 'captured', ['payment.captured']],
    // Cancelled is final: nothing after it is paid.
    ['cancelled', 5, 'cancelled', []],
    ['cancelled', 9, 'cancelled', []],
  ];

  for (const [state, status, expected, events] of rows) {
    it(`${state} + STATUS ${status} → ${expected === state ? 'no change' : expected}${events.length ? ` (${events.join(', ')})` : ''}`, () => {
      const current = paymentIn(state);
      const decision = decideFeedback(current, session, { params: params(status), status, channel: 'server' });
      assert.equal(decision.patch?.state ?? current.state, expected);
      assert.deepEqual(
        (decision.events ?? []).map((e) => e.type),
        events,
      );
      assert.equal(decision.result.changed, expected !== state);
      assert.equal(decision.result.mismatch, false);
      if (expected !== state) assert.equal(decision.patch?.lastStatus, status, 'the STATUS that moved it is kept');
    });
  }

  it('a payment that becomes authorised or captured marks its session paid; a refusal does not', () => {
    const paid = (status: number) =>
      decideFeedback(paymentIn('pending'), session, { params: params(status), status, channel: 'server' }).markSessionPaid === true;
    assert.deepEqual(
      [5, 9, 0, 1, 2, 51, 52, 92].map((status) => [status, paid(status)]),
      [
        [5, true],
        [9, true],
        [0, false],
        [1, false],
        [2, false],
        [51, false],
        [52, false],
        [92, false],
      ],
    );
  });
});

describe('decideFeedback: amounts', () => {
  it('a capture (9) records the whole amount as captured, a refund (8) the whole captured amount as refunded', () => {
    const captured = decideFeedback(paymentIn('pending'), session, { params: params(9), status: 9, channel: 'server' });
    assert.equal(captured.patch?.capturedAmount, 1999);
    assert.equal(captured.patch?.refundedAmount, undefined);
    const refunded = decideFeedback(paymentIn('captured'), session, { params: params(8), status: 8, channel: 'server' });
    assert.equal(refunded.patch?.refundedAmount, 1999);
  });

  it('94 and 96 leave nothing refunded and the captured amount as it was', () => {
    for (const state of ['refunded', 'partially_refunded'] as const) {
      for (const status of [94, 96]) {
        const decision = decideFeedback(paymentIn(state, 8), session, { params: params(status), status, channel: 'query' });
        assert.equal(decision.patch?.state, 'captured', `${state} + ${status}`);
        assert.equal(decision.patch?.lastStatus, status, `${state} + ${status}`);
        assert.equal(decision.patch?.refundedAmount, 0, `${state} + ${status}`);
        assert.equal(decision.patch?.capturedAmount, undefined, `${state} + ${status}`);
      }
    }
  });
});

describe('decideFeedback: AMOUNT or CURRENCY not what we stored', () => {
  // [AMOUNT, CURRENCY, why]: docs/ogone-protocol.md §2 "What comes back" and §5.
  const rows: Array<[string | undefined, string | undefined, string]> = [
    ['19.98', 'EUR', 'one cent less'],
    ['20', 'EUR', 'more'],
    ['1999', 'EUR', 'minor units instead of major'],
    ['19.995', 'EUR', 'more decimals than EUR has'],
    ['19.99', 'USD', 'another currency'],
    [undefined, 'EUR', 'no AMOUNT'],
    ['19.99', undefined, 'no CURRENCY'],
  ];
  for (const [amount, currency, why] of rows) {
    for (const status of [5, 9]) {
      it(`STATUS ${status} with AMOUNT ${amount ?? '(none)'} ${currency ?? '(none)'} (${why}): refused, nothing applied, flagged once`, () => {
        const received: Record<string, string> = params(status);
        if (amount === undefined) delete received.AMOUNT;
        else received.AMOUNT = amount;
        if (currency === undefined) delete received.CURRENCY;
        else received.CURRENCY = currency;
        const current = paymentIn('pending');
        const decision = decideFeedback(current, session, { params: received, status, channel: 'server' });
        assert.equal(decision.result.outcome, 'mismatch');
        assert.equal(decision.result.mismatch, true);
        assert.equal(decision.result.changed, false);
        assert.equal(decision.patch?.state, undefined, 'the state stays');
        assert.equal(decision.patch?.capturedAmount, undefined);
        assert.equal(decision.patch?.lastStatus, undefined);
        assert.equal(decision.markSessionPaid, undefined, 'never paid');
        assert.equal(decision.patch?.amountMismatch, true, 'the payment is flagged');
        assert.deepEqual(
          (decision.events ?? []).map((e) => e.type),
          ['payment.mismatch'],
        );
        const again = decideFeedback({ ...current, ...decision.patch }, session, { params: received, status, channel: 'browser' });
        assert.deepEqual(again.events ?? [], [], 'one payment.mismatch webhook, not one per copy');
        assert.equal(again.patch?.state, undefined);
      });
    }
  }

  it('the same amount written as Ogone may write it (15 for 15.00 EUR) is not a mismatch', () => {
    const current = transactionRecord(session.id, { state: 'pending', amount: 1500 });
    const decision = decideFeedback(current, session, { params: params(9, { AMOUNT: '15' }), status: 9, channel: 'server' });
    assert.equal(decision.result.mismatch, false);
    assert.equal(decision.patch?.state, 'captured');
  });
});

describe('decideFeedback: repeated and late feedback', () => {
  // The browser's redirect and the server-to-server request carry the same feedback; a query
  // may repeat it later. The second copy finds the payment already moved.
  for (const [state, status] of [
    ['pending', 5],
    ['pending', 9],
    ['pending', 2],
    ['pending', 1],
    ['pending', 0],
    ['authorized', 9],
    ['captured', 8],
  ] as const) {
    it(`${state} + STATUS ${status} twice: the second changes nothing and sends no webhook`, () => {
      const current = paymentIn(state);
      const first = decideFeedback(current, session, { params: params(status), status, channel: 'browser' });
      assert.ok(first.patch?.state, 'the first one moves it');
      const second = decideFeedback({ ...current, ...first.patch }, session, { params: params(status), status, channel: 'server' });
      assert.equal(second.patch, undefined);
      assert.deepEqual(second.events ?? [], []);
      assert.equal(second.result.outcome, 'unchanged');
      assert.equal(second.result.changed, false);
    });
  }

  // Late: an older status arriving after a newer one (feedback and queries may cross).
  for (const [sequence, expected] of [
    [[9, 5], 'captured'],
    [[5, 51], 'authorized'],
    [[9, 91], 'captured'],
    [[8, 9], 'refunded'],
    [[8, 5], 'refunded'],
    [[2, 5], 'authorized'],
    // A customer's cancel (1) ends a try before any authorisation: never over one, and like a
    // refusal (2), a later accepted try of the order still applies (reviews r1365, r1367).
    [[5, 1], 'authorized'],
    [[9, 1], 'captured'],
    [[1, 9], 'captured'],
    [[1, 5], 'authorized'],
    [[1, 2], 'cancelled'],
    [[5, 6], 'cancelled'],
    [[5, 6, 9], 'cancelled'],
    // A 1 after any STATUS past an authorisation request is an earlier try's: it changes nothing,
    // and the 9 still applies (reviews r1366, r1381). A 0 or 2 of the same PAYID ends that try;
    // another try's is below.
    [[91, 2], 'declined'],
    [[92, 0], 'error'],
    [[91, 1], 'pending'],
    [[52, 1], 'pending'],
    [[51, 1], 'pending'],
    [[91, 2, 9], 'captured'],
    [[91, 1, 9], 'captured'],
    [[92, 93], 'declined'],
    [[51, 2], 'declined'],
    [[46, 1], 'cancelled'],
  ] as const) {
    it(`STATUS ${sequence.join(' then ')} ends ${expected}`, () => {
      let current = paymentIn(sequence[0] === 8 ? 'captured' : 'pending');
      const webhooks: string[] = [];
      for (const status of sequence) {
        const decision = decideFeedback(current, session, { params: params(status), status, channel: 'server' });
        webhooks.push(...(decision.events ?? []).map((e) => e.type));
        current = { ...current, ...decision.patch };
      }
      assert.equal(current.state, expected);
      assert.equal(webhooks.length, new Set(webhooks).size, 'no webhook twice');
    });
  }
});

describe("decideFeedback: an earlier try's page end after a later try's unresolved STATUS (reviews r1366, r1380)", () => {
  for (const [unresolved, end, state] of [
    [91, 2, 'declined'],
    [92, 0, 'error'],
    [91, 1, 'cancelled'],
    [52, 1, 'cancelled'],
  ] as const) {
    it(`${unresolved} then another try's ${end}: nothing written, not even its PAYID; a query's ${end} applies (${state})`, () => {
      const current = { ...paymentIn('pending', unresolved), payid: '3014726' };
      const late = decideFeedback(current, session, { params: { ...params(end), PAYID: '3000001' }, status: end, channel: 'server' });
      assert.equal(late.patch, undefined);
      assert.deepEqual(late.events ?? [], []);
      const asked = decideFeedback(current, session, { params: params(end), status: end, channel: 'query' });
      assert.deepEqual([asked.patch?.state, asked.patch?.lastStatus], [state, end]);
    });
  }
});

describe('decideFeedback: details a payment settled by a query lacks (review r1150)', () => {
  // Captured through a query: its answer carried the masked card, no ED nor CN.
  const current = {
    ...paymentIn('captured', 9),
    cardNumber: 'XXXXXXXXXXXX1111',
    expiry: null,
    cardHolder: null,
    customerId: 'cust-1',
    aliasRequest: 'OC-ALIAS-1',
  };
  const late = (extra: Record<string, string>) =>
    decideFeedback(current, session, {
      params: params(9, { CARDNO: 'XXXXXXXXXXXX1111', ED: '1230', CN: 'Zoë Test', ...extra }),
      status: 9,
      channel: 'server',
    });

  it("fills the payment's and its saved card's expiry and holder from its own deferred feedback", () => {
    const decision = late({});
    assert.deepEqual(decision.patch, { expiry: '1230', cardHolder: 'Zoë Test' });
    const { repeatEvent, ...fill } = decision.fillSavedCard!;
    assert.deepEqual(fill, { customerId: 'cust-1', alias: 'OC-ALIAS-1', expiry: '1230', cardHolder: 'Zoë Test' });
    // Should the card filled in be a repeat, its alias.deleted names it (review r1626).
    assert.equal(typeof repeatEvent, 'function');
    assert.equal(decision.events?.length ?? 0, 0, 'nothing to announce');
  });

  it("fills nothing from another card's or another order's feedback, nor over what it has", () => {
    for (const decision of [
      late({ CARDNO: 'XXXXXXXXXXXX4444' }),
      late({ PAYID: '3014999' }),
      decideFeedback({ ...current, expiry: '0129', cardHolder: 'A B' }, session, {
        params: params(9, { CARDNO: 'XXXXXXXXXXXX1111', ED: '1230', CN: 'Zoë Test' }),
        status: 9,
        channel: 'server',
      }),
    ]) {
      assert.equal(decision.patch, undefined);
      assert.equal(decision.fillSavedCard, undefined);
    }
  });
});
