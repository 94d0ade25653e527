/**
 * Parameters we never signed, read back from a feedback: names on the SHA-OUT list with an
 * empty value. SHA-OUT leaves empty values out of the digest ([ADV] §11.2; docs/ogone-protocol.md
 * §3 rule 2), so anyone holding a genuine feedback URL (every shopper holds the redirect's) can
 * append `SCORING=`, `ECI=`, `AAVCHECK=`… and the signature still matches. The feedback log keeps
 * them (server/feedback/log.ts keptFeedbackParams keeps every SHA-OUT-listed name, empty or not)
 * and fingerprints them, so each padding is a "new" feedback: a row of its own instead of a repeat
 * counted on the first row — "a replayed or padded URL cannot grow the log" (log.ts, §5) no longer
 * holds, and the merchant's payment page (newest 20 rows) fills with copies hiding the real ones.
 * What entered no digest must not tell one feedback from another.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../support/app.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';

describe('a genuine feedback padded with empty SHA-OUT names (sqlite)', () => {
  let database: TestDatabase;
  let t: TestApp;
  before(async () => {
    database = await createTestDatabase('sqlite');
    t = await createTestApp(database);
  });
  after(async () => {
    await t?.close();
    await database?.drop();
  });

  const replay = (query: string) => t.app.request(`/payment/ogone/return?${query}`, { headers: SERVER_HEADERS });

  it('is counted as a repeat of the feedback it copies, never logged as rows of its own', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer: { id: 'padded-feedback' } });
    const genuine = new URLSearchParams(feedbackFor(reference, 9)).toString();
    assert.equal((await replay(genuine)).status, 200);
    // Names of the official SHA-OUT list the genuine feedback does not carry, with empty values.
    const padding = ['SCORING=', 'ECI=', 'AAVCHECK=', 'CVCCHECK=', 'SCORING=&ECI=', 'VC=&IPCTY=', 'CCCTY=', 'SUBBRAND='];
    for (const extra of padding) {
      const response = await replay(`${genuine}&${extra}`);
      assert.equal(response.status, 200, `accepted: the signature still matches with ${extra}`);
    }
    const rows = await t.repository.listFeedback(reference, 50);
    assert.equal(
      rows.length,
      1,
      `one feedback, replayed ${padding.length} times, logged as ${rows.length} rows: ${JSON.stringify(rows.map((row) => Object.keys(row.params).filter((name) => row.params[name] === '')))}`,
    );
    assert.equal(rows[0]!.repeatCount, padding.length);
  });
});
