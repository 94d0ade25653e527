/**
 * Found by review r1535 (2026-12-07), now fixed.
 *
 * What is wrong: server/payments/attempts.ts `createHostedPageAttempt` checks the session (paid?
 * a payment being decided?) on the copy the route read, then writes the attempt's draft and hands
 * out the signed hosted-page form. The session is read again after the draft is written
 * (`assertStillPayable`, review r1220) only `if (session.customer?.id)`. A session without a
 * customer — every button session and most merchant sessions — is never read again: a feedback
 * that marks the session paid (STATUS 9), or records a payment the platform is still deciding
 * (STATUS 92, "the customer should not retry", DirectLink guide §3.3), between the route's read
 * and the draft's INSERT, still gets a 201 and a freshly signed, payable form for a session the
 * server already knows is paid or held. With a customer on the session, the very same
 * interleaving is refused (409), so the outcome depends on whether the merchant happened to pass
 * a customer id.
 *
 * Why it matters: docs/ogone-protocol.md §8 promises that a new attempt on a paid session answers
 * 409 `session_paid`, and that while a hosted-page payment answered 52 / 92 / 51 is being decided
 * "a new attempt on its session, on the hosted page or with a saved card, is refused the same
 * way". Here the shopper (second tab, double click on "Pay") is sent to Ogone's page again and
 * charged a second time for one order; with DUPLICATE_PAYMENTS=keep the merchant keeps both, with
 * `refund` the shopper sees a charge and a refund, and the merchant pays the fees of both.
 *
 * How: the first attempt's feedback is applied (on the first app) at the instant the second
 * attempt (on the second app, the same PostgreSQL database; one app on SQLite) writes its draft —
 * a repository hook standing for the feedback request that lands in between. The control case
 * (same session with a customer) shows the same interleaving refused today.
 *
 * Expected: the second attempt is refused — 409 `session_paid` after the 9, 409
 * `attempt_in_progress` after the 92 — with or without a customer on the session.
 *
 * The fix: payments/attempts.ts reads every session again once the attempt's draft is written
 * (assertStillPayable), not only one with a customer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';

const attempt = (t: TestApp, sessionId: string) =>
  t.app.request(`/checkout/sessions/${sessionId}/attempts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ saveCard: false }),
  });

/** The next draft `t` writes waits, first, for `meanwhile` (a request landing in between). */
function beforeNextDraft(t: TestApp, meanwhile: () => Promise<void>): void {
  const repository = t.repository as unknown as { createTransaction: (...args: unknown[]) => Promise<unknown> };
  const original = repository.createTransaction.bind(t.repository);
  repository.createTransaction = async (...args: unknown[]) => {
    repository.createTransaction = original;
    await meanwhile();
    return original(...args);
  };
}

const CASES = [
  { status: 9, code: 'session_paid' },
  { status: 92, code: 'attempt_in_progress' },
] as const;

for (const kind of DATABASE_KINDS) {
  describe(`a hosted-page attempt made while the session's first payment is decided (${kind})`, () => {
    let database: TestDatabase;
    let first: TestApp;
    let second: TestApp;
    before(async () => {
      database = await createTestDatabase(kind);
      first = await createTestApp(database);
      // PostgreSQL: a second instance on the same database; SQLite: one process.
      second = kind === 'postgres' ? await createTestApp(database) : first;
    });
    after(async () => {
      await first?.close();
      if (second !== first) await second?.close();
      await database?.drop();
    });

    for (const { status, code } of CASES) {
      for (const customer of [undefined, { id: 'cust-race' }]) {
        it(`STATUS ${status} lands in between, ${customer ? 'session with a customer' : 'session without a customer'}: 409 ${code}`, async () => {
          for (let round = 0; round < 3; round++) {
            const created = (await (
              await first.api('/api/checkout-sessions', {
                method: 'POST',
                json: { amount: 1999, currency: 'EUR', ...(customer ? { customer } : {}) },
              })
            ).json()) as { id: string };
            const one = await attempt(first, created.id);
            assert.equal(one.status, 201);
            const { reference } = (await one.json()) as { reference: string };
            beforeNextDraft(second, async () => {
              const answered = await postServerFeedback(
                first,
                feedbackFor(reference, status, status === 92 ? { NCERROR: '20002001' } : {}),
              );
              assert.equal(answered.status, 200, 'the feedback was applied');
            });
            const two = await attempt(second, created.id);
            const body = (await two.json()) as { error?: { code: string }; fields?: Record<string, string> };
            assert.equal(
              two.status,
              409,
              `round ${round}: a new signed form (AMOUNT ${body.fields?.AMOUNT}) was handed out for a session whose payment is ${status === 9 ? 'paid' : 'being decided (92)'}`,
            );
            assert.equal(body.error?.code, code);
          }
        });
      }
    }
  });
}
