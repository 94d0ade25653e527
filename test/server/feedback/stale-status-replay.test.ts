/**
 * A replayed (older) feedback whose STATUS maps to the payment's current state must not overwrite
 * an unresolved last STATUS with a final one: the reconciler would stop querying the payment.
 *
 * docs/ogone-protocol.md §5: "A newer status in the same state (51 then 52) only updates the last
 * STATUS kept for the reconciler (§9)" and "Every shopper holds a genuine feedback URL and may
 * replay it". A feedback carries no time of its own, so the query's answer decides.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { BROWSER_HEADERS, SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a stale feedback replayed on ${kind}`, () => {
    const t = useTestApp(kind);

    const newAttempt = () =>
      newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        successUrl: 'https://shop.example.com/ok',
        failureUrl: 'https://shop.example.com/ko',
      });
    const post = (params: Record<string, string>) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
    const get = (params: Record<string, string>) =>
      t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers: BROWSER_HEADERS });

    // [first STATUS, later unresolved STATUS of the same state, the first replayed]
    const cases: Array<[number, number, string]> = [
      [5, 91, 'authorised, then a capture being processed (91), then the 5 redirect replayed'],
      [5, 61, 'authorised, then a deletion waiting (61), then the 5 redirect replayed'],
      [9, 81, 'captured, then a refund pending (81), then the 9 redirect replayed'],
      [9, 71, 'captured, then a deletion pending (71), then the 9 redirect replayed'],
    ];
    for (const [first, unresolved, why] of cases) {
      it(`${why}: the payment stays unresolved for the reconciler`, async () => {
        const reference = await newAttempt();
        const original = feedbackFor(reference, first);
        assert.equal((await post(original)).status, 200);
        assert.equal((await post(feedbackFor(reference, unresolved))).status, 200);
        const before = await t.repository.getTransaction(reference);
        assert.equal(before?.lastStatus, unresolved);
        assert.ok(UNRESOLVED_STATUSES.includes(unresolved));

        // The shopper's browser replays the genuine, older redirect URL.
        assert.equal((await get(original)).status, 303);
        const stored = await t.repository.getTransaction(reference);
        assert.equal(stored?.state, before?.state, 'the state does not move');
        assert.ok(
          stored?.lastStatus !== null && UNRESOLVED_STATUSES.includes(stored!.lastStatus!),
          `the older STATUS ${first} replaced the unresolved ${unresolved}: lastStatus is now ${stored?.lastStatus}, ` +
            'which the reconciler never queries (syncNeeded ' +
            String(stored?.syncNeeded) +
            ')',
        );
      });
    }
  });
}
