/**
 * `/payment/ogone/return`: SHA-OUT, amount check, state machine, duplicates and out-of-order
 * feedback, aliases, browser 303 vs server 200 — over SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { BROWSER_HEADERS, SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor, signedFeedback } from '../../support/feedback.ts';
import { TEST_ENV_SECRETS } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

for (const kind of DATABASE_KINDS) {
  describe(`feedback on ${kind}`, () => {
    const t = useTestApp(kind);

    async function newAttempt(options: { saveCard?: boolean; session?: Record<string, unknown> } = {}): Promise<string> {
      return newHostedAttempt(
        t,
        {
          amount: 1999,
          currency: 'EUR',
          customer: { id: `cust-${kind}` },
          saveCard: 'optional',
          successUrl: 'https://shop.example.com/ok?x=1',
          failureUrl: 'https://shop.example.com/ko',
          ...options.session,
        },
        { saveCard: options.saveCard ?? false },
      );
    }

    const post = (params: Record<string, string>, headers: Record<string, string> = SERVER_HEADERS) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    const get = (params: Record<string, string>, headers: Record<string, string> = BROWSER_HEADERS) =>
      t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers });
    const events = async (reference: string) =>
      (await t.repository.listEvents({ limit: 100, reference })).items.map((e) => e.type).reverse();

    it('a captured payment: server 200 OK, fields stored, session paid, one event', async () => {
      const reference = await newAttempt();
      const response = await post(feedbackFor(reference, 9));
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'OK');
      const stored = await t.repository.getTransaction(reference);
      assert.equal(stored?.state, 'captured');
      assert.equal(stored?.capturedAmount, 1999);
      assert.equal(stored?.lastStatus, 9);
      assert.equal(stored?.payid, '3014726');
      assert.equal(stored?.brand, 'VISA');
      assert.equal(stored?.cardNumber, 'XXXXXXXXXXXX1111');
      assert.equal(stored?.cardHolder, 'Bárbara Souza');
      assert.equal(stored?.amountMismatch, false);
      assert.equal((await t.repository.getSession(stored!.sessionId))?.status, 'paid');
      assert.deepEqual(await events(reference), ['payment.captured']);
      assert.ok(t.nudges > 0, 'the dispatcher was told');
      const api = (await (await t.api(`/api/transactions/${reference}`)).json()) as {
        state: string;
        ncError: string;
        ncErrorMessage: string;
        feedback: Array<{ channel: string; outcome: string }>;
      };
      assert.equal(api.state, 'captured');
      assert.equal(api.ncError, '0');
      assert.deepEqual(
        api.feedback.map((f) => [f.channel, f.outcome]),
        [['server', 'applied']],
      );
    });

    it('the browser copy of the same feedback: 303 to the success URL, nothing applied twice', async () => {
      const reference = await newAttempt();
      const params = feedbackFor(reference, 9);
      await post(params);
      const browser = await get(params);
      assert.equal(browser.status, 303);
      const location = new URL(browser.headers.get('location')!);
      assert.equal(location.origin + location.pathname, 'https://shop.example.com/ok');
      assert.equal(location.searchParams.get('x'), '1');
      assert.equal(location.searchParams.get('reference'), reference);
      assert.deepEqual(await events(reference), ['payment.captured'], 'no second event');
      // The browser's exact copy is counted on the applied row, not logged as a row of its own.
      const feedback = await t.repository.listFeedback(reference, 10);
      assert.deepEqual(
        feedback.map((f) => [f.channel, f.outcome]),
        [['server', 'applied']],
      );
      assert.equal(feedback[0]!.copy?.channel, 'browser');
      assert.equal(feedback[0]!.copy?.count, 1);
      assert.ok(feedback[0]!.copy!.firstReceivedAt >= feedback[0]!.receivedAt);
      const api = (await (await t.api(`/api/transactions/${reference}`)).json()) as {
        feedback: Array<{ channel: string; copy: { channel: string; count: number; firstReceivedAt: string } | null }>;
      };
      assert.deepEqual(api.feedback[0]?.copy, feedback[0]!.copy);
      // A second copy through the browser: counted, its first arrival kept.
      await get(params);
      const again = await t.repository.listFeedback(reference, 10);
      assert.equal(again.length, 1);
      assert.deepEqual(again[0]!.copy, { ...feedback[0]!.copy!, count: 2 });
    });

    it('a browser copy that differs in a kept parameter stays a row of its own', async () => {
      const reference = await newAttempt();
      await post(feedbackFor(reference, 9));
      assert.equal((await get(feedbackFor(reference, 9, { ACCEPTANCE: 'other' }))).status, 303);
      const feedback = await t.repository.listFeedback(reference, 10);
      assert.deepEqual(feedback.map((f) => [f.channel, f.outcome]).sort(), [
        ['browser', 'unchanged'],
        ['server', 'applied'],
      ]);
      assert.ok(feedback.every((f) => f.copy === null));
    });

    it('the browser first: the server copy is counted on the browser row', async () => {
      const reference = await newAttempt();
      const params = feedbackFor(reference, 9);
      assert.equal((await get(params)).status, 303);
      assert.equal((await post(params)).status, 200);
      const feedback = await t.repository.listFeedback(reference, 10);
      assert.deepEqual(
        feedback.map((f) => [f.channel, f.outcome, f.copy?.channel, f.copy?.count]),
        [['browser', 'applied', 'server', 1]],
      );
    });

    it('a decline sends the browser to the failure URL and keeps NCERROR with its message', async () => {
      const reference = await newAttempt();
      const response = await get(feedbackFor(reference, 2));
      assert.equal(response.status, 303);
      assert.match(response.headers.get('location')!, /^https:\/\/shop\.example\.com\/ko\?reference=/);
      const api = (await (await t.api(`/api/transactions/${reference}`)).json()) as {
        state: string;
        ncError: string;
        ncErrorMessage: string;
      };
      assert.equal(api.state, 'declined');
      assert.equal(api.ncError, '30001001');
      assert.ok(api.ncErrorMessage && !/unknown/i.test(api.ncErrorMessage), api.ncErrorMessage);
      // Ogone lets the shopper retry on the same ORDERID: a later 9 wins.
      await post(feedbackFor(reference, 9));
      assert.equal((await t.repository.getTransaction(reference))?.state, 'captured');
      assert.deepEqual(await events(reference), ['payment.declined', 'payment.captured']);
    });

    it('out of order: a late 5 after 9 changes nothing; 46 then 9 goes pending then captured', async () => {
      const a = await newAttempt();
      await post(feedbackFor(a, 9));
      await post(feedbackFor(a, 5));
      assert.equal((await t.repository.getTransaction(a))?.state, 'captured');
      assert.equal((await t.repository.getTransaction(a))?.lastStatus, 9);
      assert.deepEqual(await events(a), ['payment.captured']);

      const b = await newAttempt();
      await post(feedbackFor(b, 46));
      assert.equal((await t.repository.getTransaction(b))?.state, 'pending');
      const page = await t.app.request(`/payment/status/${b}`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
      const html = await page.text();
      assert.match(html, /Paiement en cours/);
      assert.match(html, /http-equiv="refresh"/);
      await post(feedbackFor(b, 9));
      await post(feedbackFor(b, 46));
      assert.equal((await t.repository.getTransaction(b))?.state, 'captured');
      assert.deepEqual(await events(b), ['payment.pending', 'payment.captured']);
      const done = await (await t.app.request(`/payment/status/${b}?lang=nl`)).text();
      assert.match(done, /Betaling ontvangen/);
      assert.doesNotMatch(done, /http-equiv="refresh"/);
    });

    it('tampered or unsigned feedback: 403 and nothing changes', async () => {
      const reference = await newAttempt();
      const good = feedbackFor(reference, 9);
      const tampered = { ...good, amount: '0.01' };
      const wrongKey = signedFeedback({ orderID: reference, amount: '19.99', currency: 'EUR', STATUS: '9' }, 'Not-The-Sha-Out-Phrase!');
      const { SHASIGN: _drop, ...unsigned } = good;
      for (const params of [tampered, wrongKey, unsigned]) {
        const server = await post(params);
        assert.equal(server.status, 403);
        const browser = await get(params);
        assert.equal(browser.status, 403);
        assert.match(await browser.text(), /could not confirm/);
      }
      assert.equal((await t.repository.getTransaction(reference))?.state, 'draft');
      assert.deepEqual(await t.repository.listFeedback(reference, 10), []);
      assert.deepEqual(await events(reference), []);
      const refusal = t.logs.find((line) => line.includes('feedback refused') && line.includes(reference));
      assert.ok(refusal, 'a log line says why');
      for (const secret of TEST_ENV_SECRETS) assert.ok(!t.logs.join('\n').includes(secret), 'no secret in the logs');
    });

    it('amount or currency mismatch: flagged, payment.mismatch once, never paid', async () => {
      const reference = await newAttempt();
      const cheaper = feedbackFor(reference, 9, { amount: '0.99' });
      assert.equal((await post(cheaper)).status, 200);
      await post(cheaper);
      let stored = await t.repository.getTransaction(reference);
      assert.equal(stored?.state, 'draft');
      assert.equal(stored?.amountMismatch, true);
      assert.equal((await t.repository.getSession(stored!.sessionId))?.status, 'open');
      assert.deepEqual(await events(reference), ['payment.mismatch']);
      const [event] = (await t.repository.listEvents({ limit: 5, reference })).items;
      // In minor units of the CURRENCY received, as every amount of the API (review r1364).
      assert.deepEqual((event?.data as { received: unknown }).received, { amount: 99, currency: 'EUR', status: 9 });
      // Even a correct amount afterwards does not make a flagged payment disappear silently:
      // the flag stays for the merchant to review.
      const browser = await get(feedbackFor(reference, 9, { currency: 'USD' }));
      assert.equal(browser.status, 303);
      assert.match(browser.headers.get('location')!, /\/payment\/status\//, 'a mismatch never lands on the success URL');
      stored = await t.repository.getTransaction(reference);
      assert.equal(stored?.amountMismatch, true);
      const missing = await newAttempt();
      const noAmount = signedFeedback({ orderID: missing, currency: 'EUR', STATUS: '9' });
      await post(noAmount);
      assert.equal((await t.repository.getTransaction(missing))?.state, 'draft', 'a feedback without AMOUNT cannot pay');
      const page = await (await t.app.request(`/payment/status/${reference}`)).text();
      assert.match(page, /under review/);
    });

    it('equal amounts written differently match ("19.99" vs "19.990"), JPY has no decimals', async () => {
      const reference = await newAttempt();
      await post(feedbackFor(reference, 5, { amount: '19.990' }));
      assert.equal((await t.repository.getTransaction(reference))?.state, 'authorized');
      const yen = await newAttempt({ session: { amount: 1500, currency: 'JPY' } });
      await post(feedbackFor(yen, 9, { amount: '1500', currency: 'JPY' }));
      assert.equal((await t.repository.getTransaction(yen))?.state, 'captured');
    });

    it('AMOUNT comes back in major units: JPY "1500", EUR "15", KWD "1.23" match exactly; ¥15 or 0.123 KWD never pay', async () => {
      // The feedback's AMOUNT is "not multiplied by 100" (docs/ogone-protocol.md §2), for every currency.
      const cases: Array<[number, string, string, string]> = [
        [1500, 'JPY', '1500', '15'], // ¥1,500; "15" is what the old × 1 bug made Ogone charge
        [1500, 'EUR', '15', '1500'], // €15.00
        [1999, 'EUR', '19.99', '1999'],
        [1230, 'KWD', '1.23', '0.123'], // 1.230 KWD; "0.123" reads a minor amount as if × 100 were × 1000
      ];
      for (const [amount, currency, major, wrong] of cases) {
        const bad = await newAttempt({ session: { amount, currency } });
        await post(feedbackFor(bad, 9, { amount: wrong, currency }));
        const flagged = await t.repository.getTransaction(bad);
        assert.deepEqual([flagged?.state, flagged?.amountMismatch], ['draft', true], `${currency} ${wrong} is not ${amount} minor units`);
        const good = await newAttempt({ session: { amount, currency } });
        await post(feedbackFor(good, 9, { amount: major, currency }));
        const paid = await t.repository.getTransaction(good);
        assert.deepEqual([paid?.state, paid?.amountMismatch, paid?.capturedAmount], ['captured', false, amount], `${currency} ${major}`);
      }
      const dinar = await newAttempt({ session: { amount: 1230, currency: 'KWD' } });
      await post(feedbackFor(dinar, 9, { amount: '1.2301', currency: 'KWD' }));
      assert.equal((await t.repository.getTransaction(dinar))?.amountMismatch, true, 'a fourth decimal is never rounded away');
    });

    it('creates the alias once when the shopper saved the card', async () => {
      const reference = await newAttempt({ saveCard: true });
      const alias = (await t.repository.getTransaction(reference))!.aliasRequest!;
      const params = feedbackFor(reference, 9, { ALIAS: alias, CARDNO: 'XXXXXXXXXXXX4444', BRAND: 'MasterCard', ED: '0329' });
      await post(params);
      await get(params);
      const aliases = (await t.repository.listAliases(`cust-${kind}`)).filter((a) => a.alias === alias);
      assert.equal(aliases.length, 1);
      assert.equal(aliases[0]?.last4, '4444');
      assert.equal(aliases[0]?.brand, 'MasterCard');
      assert.deepEqual(await events(reference), ['payment.captured', 'alias.created']);
      const session = (await t.repository.getTransaction(reference))!.sessionId;
      const view = (await (await t.app.request(`/checkout/sessions/${session}`)).json()) as {
        savedCards: Array<{ last4: string; expiry: string; cardNumber: string }>;
      };
      assert.ok(view.savedCards.some((card) => card.last4 === '4444' && card.expiry === '03/29' && card.cardNumber === 'XXXXXXXXXXXX4444'));
    });

    it('never stores a full card number even if one arrives', async () => {
      const reference = await newAttempt();
      await post(feedbackFor(reference, 9, { CARDNO: '4111111111111111' }));
      assert.equal((await t.repository.getTransaction(reference))?.cardNumber, 'XXXXXXXXXXXX1111');
      const [log] = await t.repository.listFeedback(reference, 1);
      assert.ok(!JSON.stringify(log).includes('4111111111111111'));
    });

    it('duplicated feedback fired concurrently is applied exactly once', async () => {
      const reference = await newAttempt();
      const params = feedbackFor(reference, 9);
      const responses = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? post(params) : get(params))));
      assert.ok(responses.every((r) => r.status === 200 || r.status === 303));
      assert.deepEqual(await events(reference), ['payment.captured']);
      // One row: exact repeats through its channel are counted on it (bounded log, issue 13), and
      // so are the other channel's copies (issue 17) — each of the 16 counted once.
      const logged = await t.repository.listFeedback(reference, 50);
      assert.equal(logged.length, 1);
      assert.equal(logged[0]!.outcome, 'applied');
      assert.notEqual(logged[0]!.copy, null);
      assert.equal(logged[0]!.copy!.channel === 'browser' ? logged[0]!.channel : logged[0]!.copy!.channel, 'server');
      assert.equal(1 + logged[0]!.repeatCount + logged[0]!.copy!.count, 16);
    });

    it('unknown orders, malformed and badly encoded feedback are refused', async () => {
      assert.equal((await post(feedbackFor('NO-SUCH-ORDER', 9))).status, 404);
      const noStatus = signedFeedback({ orderID: 'X', amount: '1', currency: 'EUR' });
      assert.equal((await post(noStatus)).status, 400);
      const broken = await t.app.request('/payment/ogone/return?orderID=%E0%A4%A&STATUS=9', { headers: SERVER_HEADERS });
      assert.equal(broken.status, 400);
      const big = await t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: 'a=' + 'x'.repeat(70_000),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(big.status, 413);
    });

    it('a status page for an unknown reference is a 404', async () => {
      const response = await t.app.request('/payment/status/NOPE');
      assert.equal(response.status, 404);
    });
  });
}
