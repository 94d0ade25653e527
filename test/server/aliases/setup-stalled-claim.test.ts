/**
 * A setup session's FlexCheckout return that resumes after its claim on the session was taken over
 * sends no card verification: one DirectLink order for the session, the resumed return answered
 * with the session as it stands (another card saved: the failure URL).
 *
 * Found in review (adversarial review of setup sessions): the saved-card payment's fix of review
 * r1536 (aliases/pay.ts renews the session's claim right before its order goes out,
 * payments/session-claims.ts holdClaim) was not made in aliases/setup-return.ts, which takes the
 * same claim (CLAIM_SECONDS) before the card verification and then wrote the card and sent the
 * DirectLink order without asking whether the claim was still its own. An instance frozen past the
 * claim's end (README, DATABASE_QUERY_TIMEOUT_SECONDS: "an instance frozen or lost in the middle")
 * found, when it resumed, the session taken over by the shopper's other tab — whose card was
 * verified and saved — and still sent its own verification: a second authorisation on the
 * shopper's card for a session that saves one card (docs/ogone-protocol.md §15 "One card per
 * session"; review r1628 ruled out that second hold where an earlier verification is unresolved).
 *
 * How: two apps on one PostgreSQL database and one fake platform that knows the orders it
 * received. The first app's return is held just after it claimed the session (its card write
 * waits); both clocks pass the claim's end; the second app's return (another attempt of the same
 * session, another tab) asks the platform about the first (unknown), takes the session over and
 * saves its card; then the held return resumes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { flexReturnUrl, startSetupOnApp } from '../../support/flex-return.ts';
import { xml } from '../directlink/helpers.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';

/** Past CLAIM_SECONDS (ten minutes). */
const PAST_CLAIM_MS = 11 * 60_000;

/** Holds `t`'s next mutateTransaction until `resume()`; `reached` once it is held. */
function holdNextWrite(t: TestApp): { reached: Promise<void>; resume: () => void } {
  const repository = t.repository as unknown as { mutateTransaction: (...args: unknown[]) => Promise<unknown> };
  const original = repository.mutateTransaction.bind(t.repository);
  let resume!: () => void;
  let reachedNow!: () => void;
  const reached = new Promise<void>((resolve) => (reachedNow = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  repository.mutateTransaction = async (...args: unknown[]) => {
    repository.mutateTransaction = original;
    reachedNow();
    await resumed;
    return original(...args);
  };
  return { reached, resume };
}

describe('a setup return that resumes after its claim was taken over (two instances, PostgreSQL)', () => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  /** Verification orders the platform received: ORDERID → PAYID. */
  const orders = new Map<string, string>();
  let nextPayId = 7_100_001;

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
        answer = platformAnswer({ orderID: form.ORDERID!, PAYID: payId, ACCEPTANCE: 'A1', STATUS: '5', amount: '1', BRAND: 'VISA' });
      } else if (page.includes('querydirect')) {
        const orderId = form.ORDERID ?? [...orders].find(([, payId]) => payId === form.PAYID)?.[0] ?? '';
        const payId = orders.get(orderId);
        answer = payId
          ? platformAnswer({ orderID: orderId, PAYID: payId, ACCEPTANCE: 'A1', STATUS: '5', amount: '1', BRAND: 'VISA' })
          : { orderID: orderId, PAYID: '0', NCSTATUS: '5', NCERROR: '50001130', NCERRORPLUS: 'unknown order/1/i', STATUS: '88' };
      } else {
        // The verification's cancel (DES).
        answer = platformAnswer({ orderID: '', PAYID: form.PAYID ?? '0', PAYIDSUB: '1', STATUS: '6', amount: '1' });
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

  it('one verification for the session; the resumed return sends nothing and says the card is not saved', async () => {
    const setup = await startSetupOnApp(first, 'cust-setup-stalled', {
      successUrl: 'https://shop.example/saved',
      failureUrl: 'https://shop.example/not-saved',
    });
    // The same session in another tab: an attempt of its own, through the other instance.
    const started = await second.app.request(`/checkout/sessions/${setup.sessionId}/attempts`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const other = (await started.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
    assert.equal(started.status, 201, JSON.stringify(other));
    const otherAlias = new URL(other.url).searchParams.get('ALIAS.ALIASID')!;

    const held = holdNextWrite(first);
    const stalled = first.app.request(setup.returnUrl());
    await held.reached; // the first return holds the session's claim now

    first.clock.advance(PAST_CLAIM_MS);
    second.clock.advance(PAST_CLAIM_MS);
    const takeover = await second.app.request(flexReturnUrl({ alias: otherAlias, reference: other.reference }));
    assert.equal(takeover.status, 303, await takeover.clone().text());
    assert.equal(takeover.headers.get('location')?.startsWith('https://shop.example/saved'), true, takeover.headers.get('location') ?? '');

    held.resume();
    const resumed = await stalled;
    assert.deepEqual(
      [...orders.keys()],
      [other.reference],
      `the return whose claim was taken over sent its verification too (answered ${resumed.status} ${resumed.headers.get('location')})`,
    );
    assert.equal(resumed.status, 303);
    assert.equal(
      resumed.headers.get('location')?.startsWith('https://shop.example/not-saved'),
      true,
      resumed.headers.get('location') ?? '',
    );
  });
});
