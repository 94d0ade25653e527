/**
 * an earlier try's feedback that "changes nothing" still writes `aliasConfirmed`, and the
 * later try's 9 then saves the card the paying shopper chose not to save.
 *
 * Found by review r1410, now fixed (feedback/decide.ts: an earlier try's word is not read for the card). What was wrong: server/feedback/decide.ts endOfEarlierTry treats, on a pending payment whose last
 * STATUS is unresolved and past its authorisation request (91, 51, 52, 92…), a non-query 1 — and a
 * 0/2/4/40/41/46 of another PAYID — as an earlier try's word that "changes nothing: not the state,
 * not the details" (its doc comment; docs/ogone-protocol.md §6 "Rules around the table"). But
 * decideFeedback still runs savedCard() on it: the payment is pending, the feedback names the
 * ALIAS the payment asked for (ALIAS=OC-…), so `card.confirms` is true and the decision's patch is
 * `{ aliasConfirmed: true }`. The earlier try's ALIAS is what that try's shopper chose; the later
 * try — the one actually paying (its 91 came without ALIAS: "A hosted page's feedback without ALIAS
 * is a card the shopper chose not to save", savedCard's own comment) — did not ask to save a card.
 * Once confirmed, the query's 9 (which carries no ALIAS) saves the alias with the paying try's card
 * and sends `alias.created`: a card stored for a customer who declined it (README "Saved cards":
 * a card is saved only when the shopper chose to save it).
 *
 * Steps: pending payment, aliasRequest OC-ALIAS-1, customer cust-1, last STATUS 91, PAYID 3000002
 * (a later try, no ALIAS). A deferred feedback of the earlier try: STATUS 2 (or 1), PAYID 3000001,
 * ALIAS=OC-ALIAS-1. Then the reconciler's query answers 9 for PAYID 3000002 (no ALIAS).
 * Expected: the earlier try's feedback yields no patch at all; the 9 saves no card (as it would
 * without that feedback). Actual: patch { aliasConfirmed: true }, and the 9 saves OC-ALIAS-1.
 * End to end (second describe): hosted-page attempt with saveCard, server feedbacks 91 (3000002, no
 * ALIAS), 2 (3000001, ALIAS), 9 (3000002, no ALIAS): GET /api/customers/:id/aliases lists the alias.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideFeedback } from '../../../server/feedback/decide.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';

const session = sessionRecord({ status: 'open' });
const params = (status: number, extra: Record<string, string> = {}) => ({
  ORDERID: 'T1',
  AMOUNT: '19.99',
  CURRENCY: 'EUR',
  STATUS: String(status),
  NCERROR: '0',
  CARDNO: 'XXXXXXXXXXXX1111',
  BRAND: 'VISA',
  ...extra,
});

function laterTryProcessing() {
  return transactionRecord(session.id, {
    state: 'pending',
    lastStatus: 91,
    payid: '3000002',
    aliasRequest: 'OC-ALIAS-1',
    customerId: 'cust-1',
  });
}

describe("an earlier try's ignored feedback confirms the saved card", () => {
  for (const end of [2, 1, 46]) {
    it(`an earlier try's ${end} with ALIAS writes nothing, and the later try's 9 saves no card`, () => {
      const current = laterTryProcessing();
      // Without the earlier try's word, the 9 saves nothing: the paying try did not ask.
      const plain = decideFeedback(current, session, { params: params(9, { PAYID: '3000002' }), status: 9, channel: 'query' });
      assert.equal(plain.alias, undefined, 'precondition: the 9 alone saves no card');

      const late = decideFeedback(current, session, {
        params: params(end, { PAYID: '3000001', ALIAS: 'OC-ALIAS-1' }),
        status: end,
        channel: 'server',
      });
      const after = { ...current, ...late.patch };
      const paid = decideFeedback(after, session, { params: params(9, { PAYID: '3000002' }), status: 9, channel: 'query' });
      assert.deepEqual(
        { patch: late.patch, savedByThe9: paid.alias?.record.alias },
        { patch: undefined, savedByThe9: undefined },
        "an earlier try's feedback must write nothing (docs/ogone-protocol.md §6): it confirmed the card and the 9 saved it",
      );
    });
  }
});

describe('end to end (SQLite): the card the paying try did not save is saved', () => {
  const t = useTestApp('sqlite');

  it("an earlier try's deferred 2 with ALIAS, then the later try's 9 without: no card saved", async () => {
    const customerId = 'cust-r1410';
    const reference = await newHostedAttempt(
      t,
      { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' },
      { saveCard: true },
    );
    const alias = (await t.repository.getTransaction(reference))?.aliasRequest;
    assert.ok(alias, 'precondition: the attempt asked the platform for an alias');
    // The later try: authorisation asked, its capture processing — the shopper did not store the card (no ALIAS).
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 91, { PAYID: '3000002' }))).status, 200);
    // The earlier try's refusal, deferred: it named the alias (that try's shopper ticked "store").
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 2, { PAYID: '3000001', ALIAS: alias! }))).status, 200);
    // The later try's capture done: its 9, without ALIAS.
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9, { PAYID: '3000002' }))).status, 200);
    const payment = (await t.repository.getTransaction(reference))!;
    assert.equal(payment.state, 'captured', 'precondition: the later try paid');
    const saved = (await (await t.api(`/api/customers/${customerId}/aliases`)).json()) as { data: Array<{ alias: string }> };
    assert.deepEqual(
      saved.data.map((a) => a.alias),
      [],
      "the paying try's feedbacks never named the alias: the card was saved on the earlier try's ignored 2",
    );
  });
});
