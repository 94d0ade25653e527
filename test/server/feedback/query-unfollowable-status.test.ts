/**
 * A query answer whose STATUS the state machine cannot follow is the platform's STATUS now, and is
 * kept as the last STATUS (docs/ogone-protocol.md §5): dropped, and syncNeeded cleared,
 *  1. 5, then 92 (a capture in the back office, result unknown), the query still answering 92:
 *     the payment left the reconciler, the capture's outcome never learnt;
 *  2. 5, then 91 (capture being processed), then refused (93): the query's 93 was never recorded,
 *     lastStatus stayed 91, and the reconciler queried the payment every round until
 *     RECONCILE_MAX_AGE_DAYS, then flagged it `needsAttention` wrongly.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID = '3014726';

describe('a query answer the state machine cannot follow (sqlite)', () => {
  /** What a query by PAYID answers. */
  let overall = '92';
  let queries = 0;
  let reference = '';
  const app = appWithFakePlatform('sqlite', (path) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    queries++;
    const ncError = overall === '92' ? '20001001' : overall === '93' ? '30001001' : '0';
    return platformAnswer({
      orderID: reference,
      PAYID,
      NCSTATUS: ncError[0]!,
      NCERROR: ncError,
      ACCEPTANCE: 'test123',
      STATUS: overall,
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });

  const due = (t: { lastStatus: number | null; syncNeeded?: boolean } | undefined) =>
    (t?.lastStatus != null && UNRESOLVED_STATUSES.includes(t.lastStatus)) || t?.syncNeeded === true;

  it('5, then 92; the query still answers 92: the payment must stay due for the reconciler', async () => {
    reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    assert.equal((await app.feedback(feedbackFor(reference, 92, { PAYID, NCERROR: '20001001' }))).status, 200);

    overall = '92';
    const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.ok(sync.status < 300, await sync.clone().text());
    const stored = await app.t.repository.getTransaction(reference);
    assert.ok(
      due(stored),
      `the platform still says 92 (capture uncertain), yet the payment left the reconciler: lastStatus ${stored?.lastStatus}, ` +
        `syncNeeded ${stored?.syncNeeded} — its capture's outcome is never asked again`,
    );
  });

  it('5, then 91 (capture processing), refused (93): the query answer 93 ends the queries', async () => {
    reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    assert.equal((await app.feedback(feedbackFor(reference, 91, { PAYID }))).status, 200);
    assert.equal((await app.t.repository.getTransaction(reference))?.lastStatus, 91, 'precondition');

    overall = '93';
    queries = 0;
    for (let round = 0; round < 2; round++) {
      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.ok(sync.status < 300, await sync.clone().text());
    }
    const stored = await app.t.repository.getTransaction(reference);
    assert.ok(
      !due(stored),
      `the platform answered 93 (the capture refused, final) ${queries} times, yet lastStatus is still ${stored?.lastStatus}: ` +
        'the reconciler queries it every round until RECONCILE_MAX_AGE_DAYS, then flags needs_attention',
    );
  });
});
