/**
 * an authorisation deleted (STATUS 6) is reopened by a stale STATUS 1 then a replayed 5.
 *
 * Found by review r1390, now fixed (feedback/decide.ts overDeletedAuthorisation). What was wrong: docs/ogone-protocol.md §6 (the table and "Retries on the page") promises that
 * `cancelled` by 6 or 64, "an authorisation deleted, is final", and that only a payment cancelled by
 * the customer (1) accepts a later 5 / 9. shared/status.ts nextState decides that from the payment's
 * last STATUS alone. A STATUS 1 arriving after the 6 (a deferred post-sale request of an earlier
 * try, or the shopper replaying the signed CANCELURL redirect they hold — the very replays the
 * review r1365 test names) moves no state, but feedback/decide.ts takes it as "same state, newer
 * detail" (sameState('cancelled', 1) is true: both map to `cancelled`) and records it as the last
 * STATUS, with its PAYID (the cancelled try's replaces the authorised one's). From then the deleted
 * authorisation counts as "cancelled on the page", and a replay of the
 * signed 5 redirect the shopper also holds makes the payment `authorized` again, announced
 * `payment.authorized`, and the shopper is sent to the success URL.
 *
 * Why it matters: the platform deleted the authorisation — no money will ever come — while the
 * ledger, the API and a fresh `payment.authorized` webhook tell the merchant the order is paid and
 * may be shipped. A shopper can do this on purpose with two URLs from their own browser history.
 *
 * Expected (SQLite and PostgreSQL): after 5, 6, the payment stays `cancelled`, last STATUS 6, with
 * the authorised try's PAYID, whatever signed 1 and 5 come later; no second `payment.authorized`
 * goes out, and the replayed return goes to the failure URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';

for (const kind of DATABASE_KINDS)
  describe(`a deleted authorisation (6) reopened by a stale 1 and a replayed 5 on ${kind}`, () => {
    const t = useTestApp(kind, { env: { OGONE_OPERATION: 'RES' } });

    const AUTHORISED_TRY = '3014726';
    const CANCELLED_TRY = '3014725';
    const browserReturn = (params: Record<string, string>) =>
      t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers: BROWSER_HEADERS });

    it('5, 6, then a stale 1 and a replayed 5: the payment stays cancelled', async () => {
      const reference = await newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        successUrl: 'https://shop.example.com/ok',
        failureUrl: 'https://shop.example.com/ko',
      });
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 5, { PAYID: AUTHORISED_TRY }))).status, 200);
      // The back office deletes the authorisation: the platform's post-sale request says 6.
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 6, { PAYID: AUTHORISED_TRY }))).status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'cancelled');
      // The shopper replays the signed cancel redirect, then the signed accept redirect.
      await browserReturn(feedbackFor(reference, 1, { PAYID: CANCELLED_TRY }));
      const replay = await browserReturn(feedbackFor(reference, 5, { PAYID: AUTHORISED_TRY }));
      const payment = await t.repository.getTransaction(reference);
      const authorizedEvents = (await t.repository.listEvents({ limit: 100, reference })).items.filter(
        (event) => event.type === 'payment.authorized',
      ).length;
      assert.deepEqual(
        {
          state: payment?.state,
          lastStatus: payment?.lastStatus,
          payid: payment?.payid,
          authorizedEvents,
          shopperSentTo: replay.headers.get('location'),
        },
        {
          state: 'cancelled',
          lastStatus: 6,
          payid: AUTHORISED_TRY,
          authorizedEvents: 1,
          shopperSentTo: `https://shop.example.com/ko?reference=${reference}`,
        },
        'an authorisation deleted (6) is final: a stale 1 and a replayed 5 must not make it authorised again',
      );
    });
  });
