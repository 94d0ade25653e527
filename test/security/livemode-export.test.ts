/**
 * The CSV export after the go-live switch (README "Going live": the test payments stay in the
 * database, `livemode: false`). Its rows had no livemode column: a test capture and a live one
 * read the same, and the export a merchant hands to accounting counted test payments as revenue
 * (review r560). The last column now says which platform each payment was made on.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../support/csv.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

async function captured(t: TestApp): Promise<string> {
  const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
  const feedback = await t.app.request('/payment/ogone/return', {
    method: 'POST',
    body: new URLSearchParams(feedbackFor(reference, 9)).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
  });
  assert.equal(feedback.status, 200);
  return reference;
}

for (const kind of DATABASE_KINDS) {
  describe(`the CSV export after the go-live switch (${kind})`, () => {
    let database: TestDatabase;
    const apps: TestApp[] = [];
    after(async () => {
      for (const app of apps) await app.close();
      await database?.drop();
    });

    it('says which rows are test payments', async () => {
      database = await createTestDatabase(kind);
      const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
      const testReference = await captured(testServer);
      await testServer.close();
      const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
      apps.push(live);
      live.clock.advance(3_600_000);
      const liveReference = await captured(live);

      const response = await live.api('/api/transactions/export.csv');
      assert.equal(response.status, 200);
      const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, '')) as string[][];
      const column = (name: string) => header!.indexOf(name);
      assert.ok(column('livemode') >= 0, header!.join(','));
      assert.deepEqual(Object.fromEntries(rows.map((row) => [row[column('reference')], row[column('livemode')]])), {
        [testReference]: 'false',
        [liveReference]: 'true',
      });
    });
  });
}
