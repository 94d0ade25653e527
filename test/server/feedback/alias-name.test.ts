/**
 * A feedback's ALIAS is saved only if it is the alias the payment asked for (aliasRequest,
 * `OC-…`), as the FlexCheckout return requires (aliases/setup-return.ts): a signed feedback naming
 * another alias saved that one for the payment's customer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

describe('feedback ALIAS other than the one requested (sqlite)', () => {
  const t = useTestApp('sqlite');

  it('only the requested alias is saved for the customer', async () => {
    const reference = await newHostedAttempt(
      t,
      { amount: 1999, currency: 'EUR', customer: { id: 'cust-alias' }, saveCard: 'optional' },
      { saveCard: true },
    );
    const requested = (await t.repository.getTransaction(reference))!.aliasRequest!;
    assert.match(requested, /^OC-/);
    const response = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(reference, 9, { ALIAS: 'SOMEONE-ELSES-ALIAS' })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(response.status, 200);
    const saved = (await t.repository.listAliases('cust-alias')).map((a) => a.alias);
    assert.deepEqual(saved, [], `saved for cust-alias: ${JSON.stringify(saved)} (requested ${requested})`);
  });
});
