/**
 * PUBLIC_URL is refused at start-up, naming it, when the hosted page's ACCEPTURL / DECLINEURL /
 * EXCEPTIONURL / CANCELURL built from it (`${PUBLIC_URL}/payment/ogone/return`,
 * payments/hosted-page.ts) cannot be sent: longer than Ogone's 255 characters, or holding a space
 * (the hosted-page schema's `^https?://\S+$`). Accepted, the server started and every hosted-page
 * attempt of every shopper answered 500 `hosted_page_invalid` — found at the first payment.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig, RETURN_PATH_LENGTH } from '../../../server/config/env.ts';
import { FEEDBACK_PATH } from '../../../server/payments/hosted-page.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const refusal = (publicUrl: string): string | undefined => {
  try {
    parseServerConfig({ ...TEST_ENV, PUBLIC_URL: publicUrl });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

describe('PUBLIC_URL and the return URLs sent to Ogone', () => {
  it('counts the path the return URL adds', () => {
    assert.equal(RETURN_PATH_LENGTH, FEEDBACK_PATH.length);
  });

  it('refuses one whose return URL would exceed 255 characters, or with a space, naming PUBLIC_URL', () => {
    const long = `https://pay.example.com/${'shop/'.repeat(47)}checkout`;
    assert.match(refusal(long) ?? 'accepted', /PUBLIC_URL.*at most 234 characters/s);
    assert.match(refusal('https://pay.example.com/my shop') ?? 'accepted', /PUBLIC_URL.*no spaces/s);
  });

  describe('the longest one accepted signs an attempt', () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase('sqlite');
    });
    after(async () => {
      await database?.drop();
    });

    it('234 characters (a trailing slash aside): 201, ACCEPTURL of 255', async () => {
      const base = 'https://pay.example.com/';
      const publicUrl = `${base}${'a'.repeat(234 - base.length)}/`;
      assert.equal(refusal(publicUrl), undefined);
      assert.ok(refusal(`${base}${'a'.repeat(235 - base.length)}`));
      const t = await createTestApp(database, { env: { PUBLIC_URL: publicUrl } });
      try {
        const created = await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } });
        assert.equal(created.status, 201);
        const { id } = (await created.json()) as { id: string };
        const attempt = await t.app.request(`/checkout/sessions/${id}/attempts`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        });
        const body = (await attempt.json()) as { fields?: Record<string, string> };
        assert.equal(attempt.status, 201, JSON.stringify(body));
        assert.equal(body.fields?.ACCEPTURL?.length, 255);
      } finally {
        await t.close();
      }
    });
  });
});
