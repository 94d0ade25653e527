/**
 * A setup session's new attempt (the FlexCheckout link) is refused, 409 `attempt_in_progress`,
 * while another attempt's card verification holds the session (its 3-D Secure under way), as a
 * hosted-page attempt is beside a saved-card payment (docs/ogone-protocol.md §8) — and handed out
 * again once that claim has lapsed.
 *
 * Found in review (adversarial review of setup sessions): payments/setup-session.ts
 * createSetupAttempt checked only that the session was open, not that a verification held it. A
 * second tab (or the widget left showing "Save card") got a signed FlexCheckout link; the shopper
 * typed a card there, FlexCheckout stored it permanently (ALIAS.STOREPERMANENTLY=Y), and its return
 * then waited 15 s for the other attempt and sent the shopper to the failure URL: the card not
 * saved, typed for nothing, and its alias left stored at the platform with nothing of ours naming
 * it (§15: a card not verified is not deleted).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { xml } from '../directlink/helpers.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';

/** Past CLAIM_SECONDS (ten minutes). */
const PAST_CLAIM_MS = 11 * 60_000;
const CHALLENGE = Buffer.from(
  '<form method="post" action="https://acs.example/challenge"><input type="hidden" name="creq" value="x"></form>',
).toString('base64');

for (const kind of DATABASE_KINDS) {
  describe(`a setup attempt while another attempt's verification holds the session (${kind})`, () => {
    let database: TestDatabase;
    let t: TestApp;

    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV });
      const platform: typeof fetch = async (input, init) => {
        const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
        // The verification waits for its 3-D Secure authentication, whoever asks: STATUS 46.
        const waiting = platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '8810001', STATUS: '46', amount: '1' });
        const challenge = new URL(String(input)).pathname.includes('orderdirect') ? `<HTML_ANSWER>${CHALLENGE}</HTML_ANSWER>` : '';
        return new Response(xml(waiting, challenge), { status: 200, headers: { 'content-type': 'text/xml' } });
      };
      t = await createTestApp(database, {
        deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: platform }) },
      });
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    it('is refused 409 while the claim holds, nothing written; handed out once it has lapsed', async () => {
      const setup = await startSetupOnApp(t, `cust-setup-busy-${kind}`);
      const returned = await t.app.request(setup.returnUrl());
      assert.equal(returned.status, 303);
      assert.match(returned.headers.get('location') ?? '', /\/payment\/challenge\//);

      const attempt = () =>
        t.app.request(`/checkout/sessions/${setup.sessionId}/attempts`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        });
      const before = (await t.repository.listSessionTransactions(setup.sessionId, 100)).items.length;
      const refused = await attempt();
      const body = (await refused.json()) as { error?: { code?: string }; url?: string };
      assert.equal(refused.status, 409, `a FlexCheckout link was handed out beside the verification: ${JSON.stringify(body)}`);
      assert.equal(body.error?.code, 'attempt_in_progress');
      assert.equal((await t.repository.listSessionTransactions(setup.sessionId, 100)).items.length, before);

      t.clock.advance(PAST_CLAIM_MS);
      const later = await attempt();
      assert.equal(later.status, 201, await later.clone().text());
    });
  });
}
