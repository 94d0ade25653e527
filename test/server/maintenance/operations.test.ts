/** Operations: readiness when the database is gone, JSON 404/500, request ids, log redaction. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../server/logger.ts';
import { createTestDatabase } from '../../support/databases.ts';
import { logCollector } from '../../support/logs.ts';
import { TEST_ENV_SECRETS } from '../../support/accounts.ts';
import { createTestApp } from '../../support/app.ts';

describe('operations', () => {
  it('/readyz says 503 once the database does not answer; /healthz still answers', async () => {
    const database = await createTestDatabase('postgres');
    const t = await createTestApp(database);
    try {
      assert.equal((await t.app.request('/readyz')).status, 200);
      await t.close();
      const ready = await t.app.request('/readyz');
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { status: string }).status, 'unavailable');
      assert.equal((await t.app.request('/healthz')).status, 200);
      const api = await t.api('/api/transactions');
      assert.equal(api.status, 500);
      const body = (await api.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'internal_error');
      assert.doesNotMatch(body.error.message, /postgres|driver|destroyed/i, 'no internals in the answer');
      assert.ok(api.headers.get('x-request-id'));
      assert.ok(
        t.logs.some((line) => line.includes(api.headers.get('x-request-id')!)),
        'the log line carries the request id',
      );
    } finally {
      await database.drop();
    }
  });

  it('unknown routes are JSON 404s', async () => {
    const database = await createTestDatabase('sqlite');
    const t = await createTestApp(database);
    try {
      const response = await t.app.request('/nope');
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
    } finally {
      await t.close();
      await database.drop();
    }
  });

  it('the logger redacts secrets wherever they sit in a logged object', () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: logCollector(lines) });
    logger.info(
      {
        config: { shaIn: TEST_ENV_SECRETS[1], shaOut: TEST_ENV_SECRETS[2], password: TEST_ENV_SECRETS[0] },
        headers: { authorization: `Bearer ${TEST_ENV_SECRETS[3]}` },
        webhookSecret: TEST_ENV_SECRETS[5],
        apiKey: TEST_ENV_SECRETS[4],
      },
      'x',
    );
    assert.equal(lines.length, 1);
    for (const secret of TEST_ENV_SECRETS) assert.ok(!lines[0]!.includes(secret!), `${secret} leaked`);
    assert.match(lines[0]!, /\[redacted\]/);
  });
});
