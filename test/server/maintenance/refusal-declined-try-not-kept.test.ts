/**
 * Review r1030 of e790a7c ("a refusal read off a state still settling is not kept"). A declined
 * hosted-page payment is not final while its page may still be paid (shared/status.ts: "Ogone lets
 * the shopper retry on the hosted page"; payments/hosted-page-tries.ts). A capture refused while
 * the payment read declined was kept under its Idempotency-Key (no Retry-After), and once the
 * shopper's next try was authorised, the same capture under its key replayed the refusal for a
 * day: the authorisation was never captured by it. Such a refusal now carries Retry-After.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import type { DirectLinkClient } from '../../../server/directlink/client.ts';

describe('a capture refused while the payment read declined (the shopper may still retry)', () => {
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
    const declined = await postServerFeedback(t, feedbackFor(reference, 2));
    assert.ok(declined.status < 300, `declined feedback: ${declined.status}`);
    const read = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string };
    assert.equal(read.state, 'declined');

    const key = { 'idempotency-key': 'r1030-capture-declined' };
    const early = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: key });
    const earlyBody = await early.text();
    assert.equal(early.status, 409, earlyBody);

    // The shopper tries again on the hosted page, with another card: authorised.
    const authorised = await postServerFeedback(t, feedbackFor(reference, 5, { NCERROR: '0' }));
    assert.ok(authorised.status < 300, `authorised feedback: ${authorised.status}`);
    const now = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string };
    assert.equal(now.state, 'authorized', 'precondition: a decline followed by an accepted attempt of the same order');

    const retry = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: key });
    const retryBody = await retry.text();
    assert.notEqual(
      retry.headers.get('idempotent-replayed'),
      'true',
      `the same capture under its key after the authorisation replays the refusal read off the declined state ` +
        `(first: ${early.status} Retry-After ${early.headers.get('retry-after')} ${earlyBody}; now ${retry.status} ${retryBody})`,
    );
  });
});
