/**
 * Found by review r1537 (2026-12-07), now fixed.
 *
 * What is wrong: server/routes/public/checkout.ts `POST /checkout/sessions/:id/attempts` calls
 * server/aliases/pay.ts `settleExpiredClaim` on every hosted-page attempt, and it sends a
 * DirectLink query (querydirect) whenever the session still names a saved-card claim that has
 * ended while its payment is a draft or pending. Nothing ends that state: a hosted-page attempt
 * takes no claim, so the ended claim stays on the session, and a 3-D Secure challenge the shopper
 * left open (STATUS 46 — the commonest way a claim ends without an answer) stays 46. So every
 * later attempt on the session — each click on "Pay", each reload of the widget that pays, or a
 * script posting to the public, unauthenticated route with the session id from the shop's page —
 * sends one more query about the same order, for as long as the session is open (a day by
 * default, up to 30 days), at up to RATE_LIMIT_PER_MINUTE per client address.
 *
 * Why it matters: DirectLink guide §5.4: "we prohibit … systematic queries, as well as systematic
 * queries to obtain transaction feedback for each transaction" and may "restrict your access to
 * the querydirect.asp page" — the merchant's reconciliation, refunds' follow-up and every
 * saved-card payment's recovery depend on that page. docs/ogone-protocol.md §9 and §14
 * ("Reconciliation — how often is systematic") promise the opposite: an unresolved payment is
 * asked about once per reconciler round, "a draft unknown to the platform is asked again after as
 * long as it is old (a doubling delay)". Here the public route asks as often as it is called.
 *
 * How: a saved-card payment answered 46 (challenge opened, never finished); the claim's ten
 * minutes pass; then shopper-side attempts on the hosted page, five seconds apart.
 *
 * Expected: the platform is asked about the abandoned challenge once when its claim has ended
 * (docs/ogone-protocol.md §8: "the next attempt … first asks the platform about it"), not again
 * by each of the attempts that follow seconds later.
 *
 * The fix: aliases/pay.ts settleExpiredClaim lets the lapsed claim go once the platform was asked,
 * so the attempts that follow do not ask again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, paidWithSavedCard, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { xml } from '../directlink/helpers.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';

/** Past CLAIM_SECONDS (ten minutes). */
const PAST_CLAIM_MS = 11 * 60_000;
const CHALLENGE = Buffer.from(
  '<form method="post" action="https://acs.example/challenge"><input type="hidden" name="creq" value="x"></form>',
).toString('base64');

for (const kind of DATABASE_KINDS) {
  describe(`hosted-page attempts after a saved-card challenge left open (${kind})`, () => {
    let database: TestDatabase;
    let t: TestApp;
    const queries: string[] = [];
    /** The order the platform holds, by PAYID. */
    const orderOf = new Map<string, string>();
    const PAYID = '8800001';

    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV });
      const platform: typeof fetch = async (input, init) => {
        const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
        const page = new URL(String(input)).pathname;
        // The order waits for its 3-D Secure authentication, whoever asks: STATUS 46.
        if (page.includes('orderdirect')) orderOf.set(PAYID, form.ORDERID!);
        const waiting = platformAnswer({
          orderID: form.ORDERID ?? orderOf.get(form.PAYID ?? '') ?? '',
          PAYID,
          STATUS: '46',
          amount: '19.99',
        });
        if (page.includes('querydirect')) {
          queries.push(form.ORDERID ?? form.PAYID ?? '');
          return new Response(xml(waiting), { status: 200, headers: { 'content-type': 'text/xml' } });
        }
        return new Response(xml(waiting, `<HTML_ANSWER>${CHALLENGE}</HTML_ANSWER>`), {
          status: 200,
          headers: { 'content-type': 'text/xml' },
        });
      };
      t = await createTestApp(database, {
        deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: platform }) },
      });
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    it('the abandoned challenge is asked about once, not once per attempt', async () => {
      const { card } = await paidWithSavedCard(t, 'cust-46');
      const created = (await (
        await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', customer: { id: 'cust-46' } } })
      ).json()) as { id: string };
      const attempt = (body: Record<string, unknown>) =>
        t.app.request(`/checkout/sessions/${created.id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 challenge-left-open' },
          body: JSON.stringify(body),
        });

      const saved = await attempt({ aliasId: card.id });
      assert.equal(saved.status, 201);
      assert.equal(((await saved.json()) as { kind: string }).kind, 'challenge', 'the saved-card payment waits for 3-D Secure');

      t.clock.advance(PAST_CLAIM_MS);
      const before = queries.length;
      const answers: number[] = [];
      for (let i = 0; i < 10; i++) {
        answers.push((await attempt({})).status);
        t.clock.advance(5_000);
      }
      assert.deepEqual(answers, Array(10).fill(201), 'the hosted page is offered once the claim has ended');
      assert.ok(
        queries.length - before <= 1,
        `${queries.length - before} DirectLink queries about the same abandoned order for 10 attempts within 50 seconds (one per attempt)`,
      );
    });
  });
}
