/**
 * The sandbox's control API on a server listening on a public address needs a merchant key
 * however its path is spelt: the guard (server/sandbox-access.ts) reads the path as the routers
 * do, percent-decoded, so `/%73andbox/payments` — routed to `/sandbox/payments` — is refused
 * without a key too. (It used to read the encoded path and let it through: a stranger could list
 * payments, inject faults and resolve a payment to STATUS 9.)
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('sandbox control API guard: percent-encoded path', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function start(host: string): Promise<{ server: RunningServer; apiKey: string }> {
    const database: TestDatabase = await createTestDatabase('sqlite');
    const server = await startServer({
      env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env },
      port: 0,
      host,
      quiet: true,
      reconciler: { intervalMs: 0 },
    });
    cleanups.push(async () => {
      await server.close();
      await database.drop();
    });
    const credentials = JSON.parse(await readFile(path.join(database.dataDir, 'sandbox-credentials.json'), 'utf8')) as {
      merchantApiKey: string;
    };
    return { server, apiKey: credentials.merchantApiKey };
  }

  it('listening on every address, an encoded /sandbox path still needs the merchant key', async () => {
    const { server } = await start('0.0.0.0');
    // Sanity: the plain path is refused.
    const plain = await fetch(`${server.url}/sandbox/payments`);
    assert.equal(plain.status, 401);

    for (const pathname of ['/%73andbox/payments', '/sandbo%78/payments', '/%73andbox/faults']) {
      const response = await fetch(`${server.url}${pathname}`);
      const body = await response.text();
      assert.equal(response.status, 401, `GET ${pathname} answered ${response.status} without a key: ${body.slice(0, 200)}`);
    }
    // A state change through the same bypass: inject a fault without a key.
    const injected = await fetch(`${server.url}/%73andbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"fail":1}',
    });
    assert.equal(injected.status, 401, `POST /%73andbox/faults answered ${injected.status} without a key`);
  });
});
