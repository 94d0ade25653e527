/**
 * `/payment/ogone/return` refuses a feedback naming a parameter twice (docs/ogone-protocol.md §3):
 * an empty copy (`payid=&PAYID=3014726`) is left out of SHA-OUT, so the signature stays valid
 * while the copy we read could erase a signed value. 400 naming the parameter, by GET and POST,
 * from Ogone's server (plain text) and from the browser (a page); the transaction, its feedback
 * log and its events stay exactly as they were — over SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { BROWSER_HEADERS, SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

for (const kind of DATABASE_KINDS) {
  describe(`feedback with a repeated parameter name on ${kind}`, () => {
    const t = useTestApp(kind);

    async function authorisedAttempt(): Promise<string> {
      const reference = await newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        successUrl: 'https://shop.example.com/ok',
        failureUrl: 'https://shop.example.com/ko',
      });
      const first = await t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, 5)).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
      assert.equal(first.status, 200);
      return reference;
    }

    /** Everything a feedback could change for this payment. */
    async function snapshot(reference: string) {
      return {
        transaction: await t.repository.getTransaction(reference),
        feedback: await t.repository.listFeedback(reference, 50),
        events: (await t.repository.listEvents({ limit: 50, reference })).items,
      };
    }

    /** A genuinely signed capture (STATUS 9) as an encoded string, plus the extra raw pairs. */
    const capture = (reference: string, extra: string) => `${new URLSearchParams(feedbackFor(reference, 9))}${extra}`;

    it('POST from Ogone: an empty payid beside the signed PAYID is 400 naming PAYID, nothing changes', async () => {
      const reference = await authorisedAttempt();
      const before = await snapshot(reference);
      assert.equal(before.transaction?.state, 'authorized');
      assert.equal(before.transaction?.payid, '3014726');
      for (const body of [`payid=&${capture(reference, '')}`, capture(reference, '&payid=')]) {
        const response = await t.app.request('/payment/ogone/return', {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
        });
        assert.equal(response.status, 400);
        assert.equal(await response.text(), 'the parameter PAYID is given more than once');
      }
      assert.deepEqual(await snapshot(reference), before);
      assert.ok(
        t.logs.some((line) => line.includes('given more than once') && line.includes('PAYID')),
        'a log line says why',
      );
    });

    it('GET from the browser: STATUS=9&status=9 is 400 naming STATUS, nothing changes', async () => {
      const reference = await authorisedAttempt();
      const before = await snapshot(reference);
      const response = await t.app.request(`/payment/ogone/return?${capture(reference, '&status=9')}`, { headers: BROWSER_HEADERS });
      assert.equal(response.status, 400);
      assert.match(await response.text(), /the parameter STATUS is given more than once/);
      assert.deepEqual(await snapshot(reference), before);
    });

    it('a name in both the body and the query, or twice in a multipart body, is refused too', async () => {
      const reference = await authorisedAttempt();
      const before = await snapshot(reference);
      const split = await t.app.request('/payment/ogone/return?PAYID=', {
        method: 'POST',
        body: capture(reference, ''),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
      assert.equal(split.status, 400);
      assert.equal(await split.text(), 'the parameter PAYID is given more than once');
      const multipart = new FormData();
      for (const [name, value] of Object.entries(feedbackFor(reference, 9))) multipart.append(name, value);
      multipart.append('CN', '');
      const viaForm = await t.app.request('/payment/ogone/return', { method: 'POST', body: multipart, headers: SERVER_HEADERS });
      assert.equal(viaForm.status, 400);
      assert.equal(await viaForm.text(), 'the parameter CN is given more than once');
      assert.deepEqual(await snapshot(reference), before);
    });

    it('the same feedback without the repetition is processed (the refusal is about the name, not the content)', async () => {
      const reference = await authorisedAttempt();
      const response = await t.app.request(`/payment/ogone/return?${capture(reference, '')}`, { headers: SERVER_HEADERS });
      assert.equal(response.status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'captured');
    });
  });
}
