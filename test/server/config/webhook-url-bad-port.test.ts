/**
 * Found by review r1425 (2026-12-07), now fixed (server/config/fetch-bad-ports.ts): what was wrong:
 * server/config/env.ts (the WEBHOOK_URL schema in `envSchema`) accepts any
 * absolute http(s) URL, but every delivery leaves through fetch (server/webhooks/dispatcher.ts
 * `postEvent`), and fetch refuses the WHATWG "bad ports" outright (1719, 1720, 1723, 2049, 5060,
 * 5061, 6000, 6566, 6665–6669, 6697, 10080, …) with a network error, before any connection is
 * made. A WEBHOOK_URL such as `https://hooks.shop.example:10080/ogone` therefore starts cleanly,
 * then every event fails as a bare "network error" for 72 hours and is abandoned, while the
 * merchant's receiver is up and listening on that port.
 *
 * Why it matters: the merchant fulfils orders on these events; a payment captured and never
 * announced is an order never shipped (or shipped by hand, on a guess). The README promises
 * misconfigurations refuse the start; this one silently loses every event.
 *
 * Expectation: either the start refuses such a WEBHOOK_URL (naming WEBHOOK_URL and the port), or
 * the delivery reaches a receiver listening on it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { collectConfigErrors } from '../../../server/config/env.ts';
import { manualClock } from '../../../server/clock.ts';
import { silentLogger } from '../../../server/logger.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { FETCH_BAD_PORTS } from '../../../server/config/fetch-bad-ports.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_bad_port_0123456789abcdef';
/** Ports fetch refuses (https://fetch.spec.whatwg.org/#port-blocking), above 1024. */
const BAD_PORTS = [10080, 6000, 6666, 6667, 6668, 6669, 6665, 6697, 5060, 5061, 6566, 4045, 3659, 2049, 1723, 1720, 1719];

describe('WEBHOOK_URL on a port fetch refuses', () => {
  let receiver: Server;
  let port = 0;
  const received: string[] = [];
  let database: TestDatabase;
  let repository: Repository;
  const clock = manualClock(new Date('2025-03-01T00:00:00.000Z'));

  before(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(204).end();
      });
    });
    for (const candidate of BAD_PORTS) {
      const ok = await new Promise<boolean>((resolve) => {
        receiver.once('error', () => resolve(false));
        receiver.listen(candidate, '127.0.0.1', () => resolve(true));
      });
      if (ok) {
        port = candidate;
        break;
      }
    }
    assert.ok(port !== 0, 'no blocked port free to listen on');
    database = await createTestDatabase('sqlite');
    ({ repository } = await openTestRepository(database, clock));
  });
  after(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await repository?.close();
    await database?.drop();
  });

  it('is refused at start, or its events reach the listening receiver', async () => {
    const url = `http://127.0.0.1:${port}/hooks`;
    const problems = collectConfigErrors({ ...TEST_ENV, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET } as never);
    if (problems.some((problem) => /WEBHOOK_URL/.test(problem.message))) return; // refused at start: fine

    const [event] = await repository.insertEvents([
      { type: 'payment.captured', reference: 'BADPORT-1', data: { reference: 'BADPORT-1', state: 'captured', amount: 1999 } },
    ]);
    const dispatcher = createWebhookDispatcher({ repository, url, secret: SECRET, clock, logger: silentLogger(), random: () => 0 });
    try {
      await dispatcher.runOnce();
    } finally {
      await dispatcher.close();
    }
    const stored = await repository.getEvent(event!.id);
    assert.equal(
      received.length,
      1,
      `WEBHOOK_URL ${url} passed the start's checks (no WEBHOOK_URL error), a receiver is listening on port ${port}, ` +
        `yet the payment.captured never reached it: the attempt was recorded as ${JSON.stringify(stored?.lastError)} ` +
        `(fetch refuses port ${port} as a "bad port"), and every retry for 72 hours will fail the same way`,
    );
  });
});

describe('the bad-port list', () => {
  it("is the runtime fetch's: each listed port is refused before any connection", async () => {
    for (const port of FETCH_BAD_PORTS) {
      const refused = await fetch(`http://127.0.0.1:${port}/`).then(
        () => 'answered',
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
      assert.equal(refused, 'bad port', `port ${port}`);
    }
  });

  it('refuses WEBHOOK_URL on such a port, default ports and others allowed', () => {
    const errors = (url: string) =>
      collectConfigErrors({ ...TEST_ENV, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET } as never)
        .map((problem) => problem.message)
        .filter((message) => message.startsWith('WEBHOOK_URL'));
    assert.deepEqual(errors('https://hooks.shop.example:6667/ogone'), [
      "WEBHOOK_URL: uses port 6667, which fetch never connects to (the Fetch Standard's bad ports): choose another port",
    ]);
    assert.deepEqual(errors('http://hooks.shop.example:25/ogone').length, 1);
    // Port 0: nothing listens there; it started and failed every delivery.
    assert.deepEqual(errors('http://127.0.0.1:0/ogone'), ["WEBHOOK_URL: uses port 0, which nothing listens on: write the receiver's port"]);
    for (const url of ['https://hooks.shop.example/ogone', 'http://hooks.shop.example/ogone', 'https://hooks.shop.example:8443/ogone'])
      assert.deepEqual(errors(url), [], url);
  });
});
