/**
 * COM (the order description) on DirectLink orders with a saved card, as the sandbox received
 * them over real HTTP.
 *
 * The merchant API counts `description` in characters (≤ 100 code points), so it accepts a
 * description of 'x' + 99 characters outside the BMP (199 UTF-16 units). The hosted page cuts such
 * a value with ogoneText: never inside a character, within 100 UTF-16 units "however the platform
 * counts" (server/payments/hosted-page.ts, docs/ogone-protocol.md §4). The DirectLink orders do not:
 * - the shopper's one-click payment cuts with `session.description.slice(0, 100)`
 *   (server/aliases/pay.ts), which splits a surrogate pair: the lone half goes out as U+FFFD (the
 *   very defect hosted-page-text.test.ts fixed on the hosted page), a description nobody wrote;
 * - the merchant's charge sends its `description` as given (server/aliases/charge.ts): COM of 200
 *   UTF-16 units, past Ogone's COM "AN 100" (the DirectLink guide's parameter list; docs/ogone-protocol.md §4) whichever way the
 *   platform counts but code points — the rule the hosted page applies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_INFO, type FlowServer, postAttempt, sandboxPayments, saveCard, startFlowServer } from './helpers.ts';

// 100 characters, 199 UTF-16 units: accepted by the API (it counts characters).
const DESCRIPTION = 'x' + '𠀀'.repeat(99);

describe('COM on DirectLink saved-card orders (sqlite, sandbox over HTTP)', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  async function sent(reference: string): Promise<Record<string, string>> {
    const [payment] = await sandboxPayments(flow, reference);
    assert.ok(payment, `the sandbox received ${reference}`);
    return payment.parameters as Record<string, string>;
  }

  it("a one-click payment's COM is a clean cut of the description, never a half character turned into U+FFFD", async () => {
    const card = await saveCard(flow, 'shopper-cit', '4111111111111111');
    const created = await flow.api('/api/checkout-sessions', {
      amount: 1500,
      currency: 'EUR',
      description: DESCRIPTION,
      customer: { id: 'shopper-cit', email: 'shopper@example.com' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const response = await postAttempt(flow, created.body.id as string, { aliasId: card, browser: BROWSER_INFO });
    assert.equal(response.status, 201, await response.clone().text());
    const result = (await response.json()) as AttemptResult;
    const com = (await sent(result.reference)).COM ?? '';
    assert.ok(com.length > 0, 'COM was sent');
    assert.ok(!com.includes('\uFFFD'), `COM holds U+FFFD, a character nobody wrote: …${JSON.stringify(com.slice(-3))}`);
    assert.ok(DESCRIPTION.startsWith(com), 'COM is the beginning of the description');
  });

  it("a merchant charge's COM stays within COM's 100 characters however the platform counts them", async () => {
    const card = await saveCard(flow, 'shopper-mit', '4111111111111111');
    const charge = await flow.api(`/api/aliases/${card}/charges`, {
      amount: 700,
      currency: 'EUR',
      reference: 'MIT-COM-TEXT',
      description: DESCRIPTION,
    });
    assert.equal(charge.status, 201, JSON.stringify(charge.body));
    const com = (await sent('MIT-COM-TEXT')).COM ?? '';
    assert.ok(com.length > 0, 'COM was sent');
    // COM AN 100: 100 UTF-16 units is within 100 characters, bytes aside, however the platform counts.
    assert.ok(com.length <= 100, `COM is ${com.length} UTF-16 units (${Buffer.byteLength(com)} UTF-8 bytes), above COM's 100`);
    assert.ok(!com.includes('\uFFFD'));
  });
});
