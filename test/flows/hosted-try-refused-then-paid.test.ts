/**
 * A hosted-page attempt the reconciler asks about between two of the shopper's tries, then paid
 * on the page with the next try and its feedback lost (review r930).
 *
 * A STATUS 2 is not final on the hosted page: "The customer can retry the authorisation process
 * after selecting another card or another payment method" ([ADV] "Appendix: Short Status
 * Overview", status 2; docs/ogone-protocol.md §6 "Retries on the page"), and a failed 3-D Secure
 * authentication is such a try (§13). The sandbox keeps each try as a payment of its own, so the
 * refused one has its own PAYID. Read by a query, the refusal made the attempt `declined` for
 * good: no longer one of the reconciler's reasons, and every later query or sync asked by the
 * refused try's PAYID, which answers 2 while the platform held the order captured. Now such an
 * attempt is asked about by ORDERID, and a refusal a query read is asked about again, spaced
 * out, until the page can no longer be paid (server/payments/hosted-page-tries.ts, §9).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTED_PAGE_PAYABLE_MS } from '../../server/payments/hosted-page-tries.ts';
import { sandboxPayments, type FlowServer } from './helpers.ts';
import {
  CHALLENGED_CARD,
  eventTypes as eventTypesOf,
  FORM,
  MINUTE,
  onTheCardPage as cardPage,
  REFUSED_CARD,
  sleep,
  startReconcilingFlow,
  transaction as transactionOf,
  tryCard as tryCardOn,
  VISA,
  type Query,
  type ReconcilingFlow,
} from './hosted-page-tries.ts';

describe('a hosted-page attempt asked about between two tries, then paid with its feedback lost (sqlite)', { timeout: 90_000 }, () => {
  let reconciling: ReconcilingFlow;
  let flow: FlowServer;
  let queries: Query[];

  before(async () => {
    reconciling = await startReconcilingFlow();
    ({ flow, queries } = reconciling);
  });
  after(() => reconciling?.close());

  const advance = (ms: number) => reconciling.advance(ms);
  const transaction = (reference: string) => transactionOf(flow, reference);
  const eventTypes = (reference: string) => eventTypesOf(flow, reference);
  const tryCard = (token: string, card: string) => tryCardOn(flow, token, card);
  const onTheCardPage = (amount: number) => cardPage(flow, amount, 900);
  /** The queries naming the attempt: by its ORDERID, or by a PAYID the platform gave it. */
  const asked = (reference: string, payIds: readonly string[]) =>
    queries.filter((q) => q.orderId === reference || (q.payId !== null && payIds.includes(q.payId)));
  /** Reconciler rounds until the attempt was asked about once more; the new queries. */
  const askedAgain = async (reference: string, payIds: readonly string[] = []) => {
    const before = asked(reference, payIds).length;
    const deadline = Date.now() + 8000;
    while (asked(reference, payIds).length === before && Date.now() < deadline) await sleep(50);
    assert.ok(asked(reference, payIds).length > before, `${reference} was not asked about`);
    await sleep(150);
    return asked(reference, payIds).slice(before);
  };
  const faults = (body: object | 'DELETE') =>
    fetch(`${flow.url}/sandbox/faults`, {
      method: body === 'DELETE' ? 'DELETE' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === 'DELETE' ? {} : { body: JSON.stringify(body) }),
    });
  /** The next try paid while the shop's server is down for every one of the platform's retries. */
  const paidWithFeedbackLost = async (token: string) => {
    await faults({ fail: 1000 });
    try {
      assert.equal((await tryCard(token, VISA)).status, 303, 'the page ended on the payment');
    } finally {
      await faults('DELETE');
    }
  };

  it('a refusal read between two tries is asked about again by ORDERID, and the payment made then is found', async () => {
    const { reference, token } = await onTheCardPage(1500);
    assert.equal((await tryCard(token, REFUSED_CARD)).status, 200, 'refused: still on the card page');

    advance(11 * MINUTE);
    assert.deepEqual(await askedAgain(reference), [{ orderId: reference, payId: null }]);
    const declined = await transaction(reference);
    assert.equal(declined.state, 'declined', 'the query between two tries answered 2');
    const refusedPayId = declined.payid as string;

    await paidWithFeedbackLost(token);
    assert.deepEqual(
      (await sandboxPayments(flow, reference)).map((p) => Number(p.status)),
      [2, 9],
      'the platform holds the refused try and the captured payment of this order',
    );
    assert.equal((await transaction(reference)).state, 'declined', 'precondition: the feedback was lost');

    // Asked again once as long as the attempt is old: by ORDERID, never by the refused try's PAYID.
    advance(12 * MINUTE);
    assert.deepEqual(await askedAgain(reference, [refusedPayId]), [{ orderId: reference, payId: null }]);
    const found = await transaction(reference);
    assert.equal(found.state, 'captured');
    assert.equal(found.capturedAmount, 1500);
    assert.notEqual(found.payid, refusedPayId, 'the paid try’s PAYID');
    assert.deepEqual(await eventTypes(reference), ['payment.captured', 'payment.declined']);
  });

  it('an attempt whose 3-D Secure authentication was open when asked, then failed, then paid with another card: found', async () => {
    const { reference, token } = await onTheCardPage(1600);
    const challenged = await tryCard(token, CHALLENGED_CARD);
    assert.equal(challenged.status, 303);
    const challenge = new URL(challenged.headers.get('location')!, flow.url);

    advance(11 * MINUTE);
    assert.deepEqual(await askedAgain(reference), [{ orderId: reference, payId: null }]);
    const waiting = await transaction(reference);
    assert.equal(waiting.status, 46);
    const challengedPayId = waiting.payid as string;

    // The authentication fails: a refused try, back on the card page.
    const failed = await fetch(`${challenge.origin}${challenge.pathname}`, {
      method: 'POST',
      headers: FORM,
      redirect: 'manual',
      body: new URLSearchParams({ TOKEN: challenge.searchParams.get('TOKEN')!, RESULT: 'fail' }),
    });
    assert.equal(failed.status, 303);
    await failed.arrayBuffer();
    const back = new URL(failed.headers.get('location')!, flow.url);
    await paidWithFeedbackLost(back.searchParams.get('TOKEN') ?? token);
    assert.deepEqual(
      (await sandboxPayments(flow, reference)).map((p) => Number(p.status)),
      [2, 9],
    );

    // A 46 is asked about again after RECONCILE_AFTER_SECONDS: by ORDERID, not the failed try's PAYID.
    advance(MINUTE);
    assert.deepEqual(await askedAgain(reference, [challengedPayId]), [{ orderId: reference, payId: null }]);
    const found = await transaction(reference);
    assert.equal(found.state, 'captured');
    assert.equal(found.capturedAmount, 1600);
  });

  it('a refusal the shopper never followed is final once the page can no longer be paid, and no longer asked about', async () => {
    const { reference, token } = await onTheCardPage(1700);
    assert.equal((await tryCard(token, REFUSED_CARD)).status, 200);
    advance(11 * MINUTE);
    await askedAgain(reference);
    const declined = await transaction(reference);
    assert.equal(declined.state, 'declined');

    advance(HOSTED_PAGE_PAYABLE_MS);
    assert.deepEqual(await askedAgain(reference, [declined.payid]), [{ orderId: reference, payId: null }]);
    assert.equal((await transaction(reference)).state, 'declined');
    const count = asked(reference, [declined.payid]).length;
    advance(24 * 60 * MINUTE);
    await sleep(800);
    assert.equal(asked(reference, [declined.payid]).length, count, 'a final refusal is not asked about again');
    assert.deepEqual(await eventTypes(reference), ['payment.declined']);
  });

  it('a sync by hand of a refusal between two tries asks by ORDERID and finds the payment made since', async () => {
    const { reference, token } = await onTheCardPage(1800);
    assert.equal((await tryCard(token, REFUSED_CARD)).status, 200);
    advance(11 * MINUTE);
    await askedAgain(reference);
    assert.equal((await transaction(reference)).state, 'declined');
    await paidWithFeedbackLost(token);

    const synced = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    assert.equal(synced.body.state, 'captured');
    assert.equal(queries.at(-1)?.orderId, reference);
  });
});
