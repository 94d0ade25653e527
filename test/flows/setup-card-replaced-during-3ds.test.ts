/**
 * KNOWN HOLE, kept as a `todo` test until it is fixed (it fails today; node:test reports a failing
 * todo without failing the run). A setup session's verification waiting for 3-D Secure: the
 * shopper reopens the signed FlexCheckout link and types another card, which updates the same
 * alias (Alias.Status 2); then the first card's challenge is approved. The return with the
 * swapped card is only compared once the verification is settled (aliases/setup-return.ts
 * cardChanged), so the alias is recorded with the first card's last four digits while the
 * platform's alias holds the second, never verified. The fix needs a mark on the payment that the
 * 3-D Secure feedback honours (no alias, the session not completed without one).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { answerChallenge } from '../support/hosted-page.ts';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard } from './setup-helpers.ts';

describe('a setup attempt whose alias is updated while its 3-D Secure verification is under way', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it(
    'the card swapped in during 3-D Secure is not reported saved as the verified one',
    { todo: 'known hole: see the file header' },
    async () => {
      const customer = 'cust-swap-3ds';
      const id = await setupSession(flow, customer);
      const attempt = await navigate(flow, id);
      const first = await land(await typeCard(attempt.url, '4000000000000002'));
      assert.ok(first.location?.startsWith(`${flow.url}/payment/challenge/`), String(first.location));

      // Back in history: the same signed link, another card typed (the platform updates the alias).
      await land(await typeCard(attempt.url, '4111111111111111'));

      // The shopper completes the first card's 3-D Secure.
      const page = await fetch(first.location!, { headers: BROWSER_HEADERS });
      const html = await page.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(action && token, html);
      const feedback = await answerChallenge(action, token, 'approve');
      await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });

      const ours = (await flow.api(`/api/customers/${customer}/aliases`)).body.data as Array<{ alias: string; last4: string }>;
      const platform = ((await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<Record<string, any>> }).aliases;
      const held = ours.map((a) => ({ ours: a.last4, platform: JSON.stringify(platform.find((p) => p.alias === a.alias)) }));
      for (const a of ours) {
        const atPlatform = platform.find((p) => p.alias === a.alias);
        assert.ok(
          !atPlatform || String(atPlatform.cardNo ?? atPlatform.cardNumber ?? JSON.stringify(atPlatform)).includes(a.last4),
          `an alias is offered as a card ending ${a.last4}, while the platform's alias holds another card: ${JSON.stringify(held)}`,
        );
      }
    },
  );
});
