/**
 * `/payment/status/:reference` is public and unauthenticated. A hosted-page attempt's
 * reference carries 40 random bits, but a merchant-initiated charge of a saved card
 * (`POST /api/aliases/:id/charges` with `reference`) uses the merchant's own reference verbatim
 * as the ORDERID — "INV-1001", "sub-2025-06" — and the status page then shows anybody who guesses
 * it the amount, the card's brand and last four digits and the payment's state. No shopper is
 * sent to such a page, so it has none (404); and an address that guesses references is refused
 * once it has missed RATE_LIMIT_PER_MINUTE of them in a minute.
 * Real server over HTTP, the sandbox as Ogone (hosted page to save the card, DirectLink to charge it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { api, createPayment } from '../support/merchant.ts';
import { freePort } from '../support/listen.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';

/** A GET from a given loopback address (so the per-address limits apply as to a stranger). */
function getFrom(address: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress: address }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
  });
}

describe('the status page of a merchant-initiated charge', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let server: RunningServer;

  before(async () => {
    database = await createTestDatabase('sqlite');
    const port = await freePort();
    sandbox = await startSandbox({ ...SCALE_SANDBOX_ACCOUNT, feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return` });
    server = await startServer({
      env: serverEnv(sandbox.url, { ...database.env, ALLOWED_ORIGINS: 'https://shop.example.com', RATE_LIMIT_PER_MINUTE: '20' }),
      port,
      host: '127.0.0.1',
      quiet: true,
    });
  });
  after(async () => {
    await server?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it("is not readable by a stranger who guesses the merchant's reference", async () => {
    // Alice saves her card paying on the hosted page.
    const first = await createPayment(server.url, { amount: 2500, currency: 'EUR', customer: { id: 'alice' }, saveCard: 'always' });
    await payOnHostedPage(first.attempt, '4111111111111111', { save: true });
    const aliases = await api(server.url, '/api/customers/alice/aliases');
    assert.equal(aliases.status, 200, JSON.stringify(aliases.body));
    const aliasId = aliases.body.data[0].id as string;

    // The merchant charges it monthly under its own invoice numbers.
    const charge = await api(server.url, `/api/aliases/${aliasId}/charges`, {
      json: { amount: 4990, currency: 'EUR', reference: 'INV-1001', description: 'Alice Martin, premium plan' },
    });
    assert.ok(charge.status === 201 || charge.status === 200, JSON.stringify(charge.body));

    // A stranger, no key, guesses the next invoice number.
    const page = await getFrom('127.0.0.9', `${server.url}/payment/status/INV-1001`);
    assert.doesNotMatch(page.body, /1111/, "the card's last four digits are shown to whoever guesses the reference");
    assert.doesNotMatch(page.body, /49[.,]90/, 'the amount is shown to whoever guesses the reference');
    assert.doesNotMatch(page.body, /premium plan/, "the charge's description is shown to whoever guesses the reference");
    assert.equal(page.status, 404, 'a payment no shopper was sent to has no public status page');
  });

  it('limits guessing references like the widget endpoints (RATE_LIMIT_PER_MINUTE)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await getFrom('127.0.0.10', `${server.url}/payment/status/INV-${2000 + i}`)).status);
    assert.ok(statuses.includes(429), `40 guesses in a row from one address, none limited: ${[...new Set(statuses)].join(',')}`);
  });
});
