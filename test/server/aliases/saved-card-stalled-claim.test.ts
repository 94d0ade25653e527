/**
 * Found by review r1536 (2026-12-07), now fixed.
 *
 * What is wrong: server/aliases/pay.ts `aliasPaymentHandler` takes the session's claim
 * (payments/session-claims.ts `claimSession`, CLAIM_SECONDS = 600) and then writes its draft and
 * sends the DirectLink order without ever asking whether the claim is still its own. The claim is
 * a lease: once it has ended, another instance's attempt (`settleExpiredClaim`) finds no draft
 * of the holder yet — or asks the platform about it and hears "unknown order", the holder not
 * having sent it — takes the session over and charges the card. When the stalled holder resumes
 * (an instance frozen, the case README's DATABASE_QUERY_TIMEOUT_SECONDS describes: "an instance
 * frozen or lost in the middle"), it sends its own order under its own ORDERID: a second charge
 * of the same card for the same session. Nothing at the platform stops it (each attempt has its
 * own ORDERID, docs/ogone-protocol.md §8), unlike a merchant charge, whose send is fenced by a
 * send lease and a fixed ORDERID (aliases/charge.ts SEND_LEASE_MS).
 *
 * Why it matters: docs/ogone-protocol.md §8 "One paid payment per checkout session": saved-card
 * attempts "are serialised on our side before the call … concurrent attempts answer 409". A request
 * that lost its claim must not be the one that charges. Here the shopper is charged twice for one
 * order (and told "completed" twice); the second is given back only afterwards by the duplicate
 * review (fees, and kept for good under DUPLICATE_PAYMENTS=keep).
 *
 * How: two apps on one PostgreSQL database and one fake platform that knows the orders it
 * received. The first app's saved-card attempt is held just after it claimed the session (its
 * draft INSERT waits); both clocks pass the claim's end; the second app's attempt takes over and
 * is charged; then the held request resumes.
 *
 * Expected: exactly one DirectLink order reaches the platform for the session; the resumed
 * request, whose claim was taken over, is refused (409) without sending anything.
 *
 * The fix: aliases/pay.ts renews the session's claim right before the order goes out
 * (payments/session-claims.ts holdClaim, one conditional UPDATE); a claim that lapsed sends
 * nothing and answers 409.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, paidWithSavedCard, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { xml } from '../directlink/helpers.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';

/** Past CLAIM_SECONDS (ten minutes). */
const PAST_CLAIM_MS = 11 * 60_000;

const BROWSER = { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 stalled-claim' };

/** Holds `t`'s next draft INSERT until `resume()`; `reached` once it is held. */
function holdNextDraft(t: TestApp): { reached: Promise<void>; resume: () => void } {
  const repository = t.repository as unknown as { createTransaction: (...args: unknown[]) => Promise<unknown> };
  const original = repository.createTransaction.bind(t.repository);
  let resume!: () => void;
  let reachedNow!: () => void;
  const reached = new Promise<void>((resolve) => (reachedNow = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  repository.createTransaction = async (...args: unknown[]) => {
    repository.createTransaction = original;
    reachedNow();
    await resumed;
    return original(...args);
  };
  return { reached, resume };
}

describe('a saved-card attempt that resumes after its claim was taken over (two instances, PostgreSQL)', () => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  /** New orders the platform received: ORDERID → PAYID. */
  const orders = new Map<string, string>();
  let nextPayId = 7_000_001;

  before(async () => {
    database = await createTestDatabase('postgres');
    const config = parseServerConfig({ ...TEST_ENV });
    const platform: typeof fetch = async (input, init) => {
      const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
      const page = new URL(String(input)).pathname;
      let answer: Record<string, string>;
      if (page.includes('orderdirect')) {
        const payId = String(nextPayId++);
        orders.set(form.ORDERID!, payId);
        answer = platformAnswer({ orderID: form.ORDERID!, PAYID: payId, ACCEPTANCE: 'A1', STATUS: '9', amount: '19.99' });
      } else if (page.includes('querydirect')) {
        const orderId = form.ORDERID ?? [...orders].find(([, payId]) => payId === form.PAYID)?.[0] ?? '';
        const payId = orders.get(orderId);
        answer = payId
          ? platformAnswer({ orderID: orderId, PAYID: payId, ACCEPTANCE: 'A1', STATUS: '9', amount: '19.99' })
          : { orderID: orderId, PAYID: '0', NCSTATUS: '5', NCERROR: '50001130', NCERRORPLUS: 'unknown order/1/i', STATUS: '88' };
      } else {
        // A give-back of a duplicate (maintenance): accepted, processed offline.
        answer = platformAnswer({ orderID: '', PAYID: form.PAYID ?? '0', PAYIDSUB: '2', STATUS: '81', amount: '19.99' });
      }
      return new Response(xml(answer), { status: 200, headers: { 'content-type': 'text/xml' } });
    };
    const make = () =>
      createTestApp(database, { deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: platform }) } });
    first = await make();
    second = await make();
  });
  after(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('one DirectLink order for the session; the resumed attempt sends nothing', async () => {
    const { card } = await paidWithSavedCard(first, 'cust-stalled');
    for (let round = 0; round < 2; round++) {
      const created = (await (
        await first.api('/api/checkout-sessions', {
          method: 'POST',
          json: { amount: 1999, currency: 'EUR', customer: { id: 'cust-stalled' } },
        })
      ).json()) as { id: string };
      const attempt = (t: TestApp) =>
        t.app.request(`/checkout/sessions/${created.id}/attempts`, {
          method: 'POST',
          headers: BROWSER,
          body: JSON.stringify({ aliasId: card.id }),
        });
      const before = orders.size;

      const held = holdNextDraft(first);
      const stalled = attempt(first);
      await held.reached; // the first attempt holds the session's claim now

      first.clock.advance(PAST_CLAIM_MS);
      second.clock.advance(PAST_CLAIM_MS);
      const takeover = await attempt(second);
      assert.equal(takeover.status, 201, `the claim ended: the second instance's attempt pays (${await takeover.clone().text()})`);

      held.resume();
      const resumed = await stalled;
      const body = await resumed.text();
      assert.equal(
        orders.size - before,
        1,
        `round ${round}: ${orders.size - before} DirectLink orders for one session — the attempt whose claim was taken over charged the card again (answered ${resumed.status} ${body})`,
      );
      assert.equal(resumed.status, 409, body);
    }
  });
});
