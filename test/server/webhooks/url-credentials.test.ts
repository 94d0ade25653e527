/**
 * A WEBHOOK_URL with credentials in it (https://user:pass@host/…, an endpoint behind HTTP Basic
 * authentication): fetch refuses such a URL, so every delivery used to fail as a "network error"
 * before any request left, until the events were given up. The credentials now go as an
 * `Authorization: Basic` header, to the URL without them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_review_0123456789abcdef';

describe('WEBHOOK_URL with user:password', () => {
  let database: TestDatabase;
  let repository: Repository;
  let receiver: Server;
  let port = 0;
  const received: IncomingMessage['headers'][] = [];
  const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

  before(async () => {
    database = await createTestDatabase('sqlite');
    ({ repository } = await openTestRepository(database, clock));
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(req.headers);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await repository?.close();
    await database?.drop();
  });

  it('is accepted by the configuration and delivered with HTTP Basic authentication', async () => {
    const url = `http://hook:s3cret%40x@127.0.0.1:${port}/hooks`;
    const config = parseServerConfig({ ...TEST_ENV, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET });
    assert.equal(config.webhookUrl, url);

    const dispatcher = createWebhookDispatcher({ repository, url, secret: SECRET, clock, logger: silentLogger(), random: () => 0 });
    const [event] = await repository.insertEvents([{ type: 'payment.captured', reference: 'CRED-1', data: { reference: 'CRED-1' } }]);
    assert.equal(await dispatcher.runOnce(), 1);
    await dispatcher.close();
    const stored = await repository.getEvent(event!.id);
    assert.deepEqual(
      { status: stored?.status, lastError: stored?.lastError, requestsReceived: received.length },
      { status: 'delivered', lastError: null, requestsReceived: 1 },
      'the configuration accepted the URL, so the receiver (which answers 200) should get the event',
    );
    assert.equal(received[0]?.authorization, `Basic ${Buffer.from('hook:s3cret@x').toString('base64')}`);
  });
});
