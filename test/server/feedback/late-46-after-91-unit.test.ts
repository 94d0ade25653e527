/**
 * a late 46 of the paying try itself (same PAYID) takes the place of its 91, and an earlier
 * try's 2 then declines a payment whose capture the platform is processing.
 *
 * Found by review r1411, now fixed (feedback/decide.ts endOfEarlierTry: no try goes back to the page's waiting). What was wrong: server/feedback/decide.ts endOfEarlierTry lets a 46 (or 4/40/41) through when it
 * names the payment's own PAYID, and recordsLastStatus keeps it as the last STATUS, since 91 and 46
 * are both "unresolved". A try never goes back from 91 (its authorisation asked, the capture being
 * processed) to 46 (waiting for 3-D Secure, before the authorisation request): such a 46 is that
 * try's own stale feedback — the platform retrying a post-sale request that failed, a replayed
 * redirect — exactly the "deferred feedback" the rule is about. Once the 46 is the last STATUS,
 * the guard `PAGE_STAGE.has(current.lastStatus)` switches the earlier-try rule off, and the next
 * deferred feedback of an EARLIER try (STATUS 2, another PAYID) applies: `declined`, last STATUS 2,
 * PAYID of the earlier try, `payment.declined` sent — while the platform is capturing the later
 * try (its 91). docs/ogone-protocol.md §6 "Rules around the table": "A page's end of an earlier
 * try fed back after a later try's unresolved STATUS past its authorisation request (51, 52, 91,
 * 92…) changes nothing … another PAYID … is an earlier try's (reviews r1400, r1402)"; and the
 * review those rules cite, r1402: "a late 46 took the last STATUS and the PAYID, and that try's 2
 * then read as the payment's own end". A 2 by feedback is final (hosted-page-tries.ts: no re-query
 * after it), so if the later try's 9 is lost the shopper is charged and the merchant keeps
 * `payment.declined`. A 46 as the last STATUS also drops the payment out of `paymentBeingDecided`
 * (repository/sessions.ts), so the widget reads `open` and a second payment may be claimed while
 * the 91 is being processed.
 *
 * Steps: pending payment, last STATUS 91, PAYID 3000002 (the later try, its authorisation asked).
 * Feedback STATUS 46 PAYID 3000002 (its own stale 46). Feedback STATUS 2 PAYID 3000001 (the
 * earlier try's refusal). Expected: still pending, last STATUS 91, PAYID 3000002, no webhook.
 * Actual: declined, last STATUS 2, PAYID 3000001, payment.declined.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideFeedback } from '../../../server/feedback/decide.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const session = sessionRecord({ status: 'open' });
const params = (status: number, payid: string) => ({
  ORDERID: 'T1',
  AMOUNT: '19.99',
  CURRENCY: 'EUR',
  STATUS: String(status),
  PAYID: payid,
  NCERROR: '0',
});

describe("a stale 46 of the paying try re-opens the earlier try's page end", () => {
  for (const stale of [46, 4, 41]) {
    it(`91 (3000002), its own late ${stale}, then the earlier try's 2 (3000001): still pending on the 91`, () => {
      let current = transactionRecord(session.id, { state: 'pending', lastStatus: 91, payid: '3000002' });
      const webhooks: string[] = [];
      for (const [status, payid] of [
        [stale, '3000002'],
        [2, '3000001'],
      ] as const) {
        const decision = decideFeedback(current, session, { params: params(status, payid), status, channel: 'server' });
        webhooks.push(...(decision.events ?? []).map((e) => e.type));
        current = { ...current, ...decision.patch };
      }
      assert.deepEqual(
        { state: current.state, lastStatus: current.lastStatus, payid: current.payid, webhooks },
        { state: 'pending', lastStatus: 91, payid: '3000002', webhooks: [] },
        'a stale pre-authorisation STATUS must not replace the 91, nor let an earlier try decline the payment',
      );
    });
  }
});
