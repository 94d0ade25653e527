/**
 * A capture refused while the payment reads `cancelled` by the customer (STATUS 1) holds only for
 * now: it is not kept as its Idempotency-Key's outcome, so once the shopper's later try is
 * authorised, the same capture under its key captures it.
 *
 * `cancelled` by a 1 is not final (docs/ogone-protocol.md §6 "Retries on the page": a later 5 or 9
 * of the order applies, review r1367), as `declined` and `error` are not; for those, review r1030
 * made a refusal read off the state hold only for now (payments/hosted-page-tries.ts
 * mayStillBePaidOnPage). Review r1382 found the customer's cancel left out: the refusal was kept
 * under the key, replayed after the authorisation, and the authorisation lapsed uncaptured.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import type { DirectLinkClient } from '../../../server/directlink/client.ts';

describe('a capture refused while the payment read cancelled by the customer', () => {
  // A DirectLink client only so that the capture route plans (the refusal comes before any call).
  const directLink = {
    newOrder: async () => {
      throw new Error('not in this test');
    },
    maintenance: async () => {
      throw new Error('not in this test');
    },
    query: async () => {
      throw new Error('not in this test');
    },
  } as unknown as DirectLinkClient;
  const t = useTestApp('sqlite', { env: { OGONE_OPERATION: 'RES' }, deps: { directLink } });

  it("is not kept as the key's outcome: the same capture after the authorisation is not the replayed refusal", async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    const cancelled = await postServerFeedback(t, feedbackFor(reference, 1, { NCERROR: '0', ACCEPTANCE: '' }));
    assert.ok(cancelled.status < 300, `cancel feedback: ${cancelled.status}`);
    const read = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string };
    assert.equal(read.state, 'cancelled');

    const key = { 'idempotency-key': 'r1382-capture-cancelled' };
    const early = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: key });
    const earlyBody = await early.text();
    assert.equal(early.status, 409, earlyBody);

    // The shopper goes back to the hosted page and pays the order after all: authorised (review r1367).
    const authorised = await postServerFeedback(t, feedbackFor(reference, 5, { NCERROR: '0' }));
    assert.ok(authorised.status < 300, `authorised feedback: ${authorised.status}`);
    const now = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string };
    assert.equal(now.state, 'authorized', 'precondition: a customer cancel followed by an accepted try of the same order');

    const retry = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: key });
    const retryBody = await retry.text();
    assert.notEqual(
      retry.headers.get('idempotent-replayed'),
      'true',
      `the same capture under its key after the authorisation replays the refusal read off the cancelled state ` +
        `(first: ${early.status} Retry-After ${early.headers.get('retry-after')} ${earlyBody}; now ${retry.status} ${retryBody})`,
    );
  });
});
