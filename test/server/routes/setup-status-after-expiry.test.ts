/**
 * The status page of a setup session whose verification is still pending (STATUS 51) when the
 * session expires said "Card not saved — return to the shop to try again". The verification can
 * still be authorised after that: feedback/decide.ts saves the card on a late STATUS 5, and the
 * page then says "Card saved". It now says the card is not confirmed yet, as a payment's page does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

describe('setup session, verification still pending when the session expires', () => {
  const t = useTestApp('sqlite');

  it('the status page does not say "not saved" for a card that is saved afterwards', async () => {
    const customerId = 'cust-late-verification';
    const now = t.clock.now().getTime();
    const session = sessionRecord({
      mode: 'setup',
      customer: { id: customerId, name: 'Zoë Test' },
      successUrl: null,
      failureUrl: null,
      expiresAt: new Date(now + 3_600_000).toISOString(),
      createdAt: new Date(now).toISOString(),
    });
    await t.repository.createSession(session);
    const tx = transactionRecord(session.id, {
      customerId,
      aliasRequest: 'OC-LATE-VERIFICATION',
      operation: 'RES',
      state: 'pending',
      lastStatus: 51,
    });
    await t.repository.createTransaction(tx);

    const page = async () => (await t.app.request(`/payment/status/${tx.reference}?lang=en`)).text();
    assert.match(await page(), /Saving your card/, 'before expiry: still being checked');

    (t.clock as unknown as { advance(ms: number): void }).advance(2 * 3_600_000);
    const afterExpiry = await page();

    // The bank's answer comes late: the verification is authorised and the card saved.
    const feedback = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(tx.reference, 5, { ALIAS: tx.aliasRequest!, PAYID: '3000777' })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(feedback.status, 200);
    const saved = (await (await t.api(`/api/customers/${customerId}/aliases`)).json()) as { data: Array<{ alias: string }> };
    assert.deepEqual(
      saved.data.map((a) => a.alias),
      [tx.aliasRequest],
      'the late authorisation saved the card',
    );
    assert.match(await page(), /Card saved/);

    assert.doesNotMatch(
      afterExpiry,
      /Card not saved/,
      'the page told the shopper "Card not saved" while the verification was pending; the card was saved afterwards',
    );
  });
});
