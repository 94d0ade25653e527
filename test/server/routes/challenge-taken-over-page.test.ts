/**
 * Found by review r1709 (2026-12-07), now fixed.
 * The fix: the 410 of a taken-over challenge is a page in the shopper's language leading to the shop's success URL (paid elsewhere) or the taking attempt's status page
 *
 * r1709 — The 3-D Secure challenge page of a payment whose session another attempt paid meanwhile
 * is still the bare English dead end review r1190 removed for the finished challenge: "This
 * authentication is already finished", 410, no word of the order, no way on, in English to a
 * French shopper.
 *
 * What is wrong: `GET /payment/challenge/:token` (server/routes/challenge.ts) sends a finished
 * challenge to the payment's status page (303, review r1190), but one whose session was taken
 * over (`takenOver`: another attempt holds or paid the session) answers a fixed English page
 * with neither the shopper's language (the payment's locale is known, as the status page uses it)
 * nor a link to the status page or the shop. README "Embedding": the shopper comes back to
 * `successUrl?reference=<ORDERID>`; docs/ogone-protocol.md §5 "What we answer": a try of an
 * order another tab paid goes to the success URL under the paying payment's reference
 * (review r1526), as does the status page's link.
 *
 * Why it matters: the shopper went back to the tab of their bank's challenge (the Back button,
 * the tab left open) after paying the order in another tab. They are told, in a language they may
 * not read, only that "the authentication is finished" — not that the order is paid. The r1190
 * finding: "a shopper who does not know whether they were charged pays again".
 *
 * What the test expects: the page (or its redirect) is in the shopper's language (the payment's
 * locale, fr-BE) and leads on — to a status page or to the shop's success URL. docs/ogone-protocol.md
 * §12 says a challenge taken over "is gone (410)": a 410 still passes, with those words and a way on.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attemptsOfOneSession, postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { BROWSER_HEADERS } from '../../support/headers.ts';

const SHOP = 'https://shop.example.com';

describe('r1709: a challenge whose session another tab paid', () => {
  const t = useTestApp('sqlite');

  it('is not a bare English dead end', async () => {
    const [challenged, other] = await attemptsOfOneSession(t, {
      amount: 1999,
      currency: 'EUR',
      locale: 'fr-BE',
      successUrl: `${SHOP}/thanks`,
      failureUrl: `${SHOP}/cart`,
    });
    assert.ok(challenged && other);
    // The first attempt waits for its 3-D Secure authentication (STATUS 46), its challenge page stored.
    await t.repository.mutateTransaction(challenged, () => ({ patch: { state: 'pending', lastStatus: 46 }, result: undefined }));
    const token = 'r1709-challenge-token-0123456789abcdef';
    await t.repository.saveChallenge({
      token,
      reference: challenged,
      html: '<form method="post" action="https://acs.example.com/challenge"><input type="hidden" name="creq" value="x"></form>',
    });
    // The shopper pays the order in another tab.
    assert.equal((await postServerFeedback(t, feedbackFor(other, 9))).status, 200);
    const session = await t.repository.getSession((await t.repository.getTransaction(other))!.sessionId);
    assert.equal(session?.paidReference, other, 'the other tab paid the session');

    // Back to the challenge's tab.
    const again = await t.app.request(`/payment/challenge/${token}`, {
      headers: { ...BROWSER_HEADERS, 'accept-language': 'fr-BE,fr;q=0.9' },
    });
    const location = again.headers.get('location') ?? '';
    const body = await again.text();
    const leadsOn =
      (again.status >= 300 && again.status < 400 && (location.includes('/payment/status/') || location.startsWith(`${SHOP}/thanks`))) ||
      body.includes('/payment/status/') ||
      body.includes(`${SHOP}/thanks`);
    assert.ok(leadsOn, `a dead end: ${again.status} ${location ? `→ ${location} ` : ''}${JSON.stringify(body)}`);
    if (again.status < 300 || again.status >= 400) assert.match(body, /<html lang="fr/, "in the shopper's language");
  });
});
