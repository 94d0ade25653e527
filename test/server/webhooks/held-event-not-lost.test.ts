/**
 * No event is lost behind an earlier one of its payment (README "Webhooks": written to an outbox
 * "so none is lost, and retried … for 72 hours until your endpoint answers 2xx"). A payment's
 * later event waits, never claimed, while the outbox retries the earlier one for ~71.5 hours; the
 * endpoint then answers 2xx and both are delivered. Review r1080 found a rule taking "never
 * claimed" for "no server could send it" mark such an event never sent: that rule was withdrawn,
 * and this test keeps any later one from losing it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../server/logger.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const HOUR = 3_600_000;

interface EventBody {
  id: string;
  delivery: { status: string; attempts: number; nextAttemptAt: string | null; lastError: string | null };
}

for (const kind of DATABASE_KINDS) {
  describe(`a held-back event of a payment, on ${kind}`, () => {
    let server: Server;
    let url: string;
    const posts: string[] = [];
    let upFrom = 0;

    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const t = useTestApp(kind);
    before(async () => {
      // The merchant's endpoint: down (503) until `upFrom` on the server's clock, 204 after.
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const up = t.clock.now().getTime() >= upFrom;
          if (up) posts.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
          res.writeHead(up ? 204 : 503).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    });

    async function shown(id: string): Promise<EventBody> {
      const response = await t.api(`/api/events/${id}`);
      assert.equal(response.status, 200);
      return (await response.json()) as EventBody;
    }

    it('delivers the payment.captured written a minute after payment.authorized once the endpoint is back within its window', async () => {
      const dispatcher = createWebhookDispatcher({
        repository: t.repository,
        url,
        secret: TEST_ENV.WEBHOOK_SECRET,
        clock: t.clock,
        logger: silentLogger(),
        random: () => 0,
      });
      try {
        const start = t.clock.now().getTime();
        upFrom = start + 71 * HOUR + 30 * 60_000; // an outage of 71 h 30 min
        const data = (state: string) => ({ reference: 'HELD-1', state });
        const [authorized] = await t.repository.insertEvents([
          { type: 'payment.authorized', reference: 'HELD-1', data: data('authorized') },
        ]);
        assert.equal(await dispatcher.runOnce(), 1, 'the first event is tried at once (and fails: the endpoint is down)');
        t.clock.advance(60_000);
        const [captured] = await t.repository.insertEvents([{ type: 'payment.captured', reference: 'HELD-1', data: data('captured') }]);

        // The server runs all along: every retry of the first event is made when due.
        for (let i = 0; i < 500; i++) {
          const first = await shown(authorized!.id);
          if (first.delivery.status !== 'pending') break;
          const due = Date.parse(first.delivery.nextAttemptAt!);
          if (due > t.clock.now().getTime()) t.clock.set(new Date(due));
          await dispatcher.runOnce();
        }
        for (let i = 0; i < 5; i++) {
          t.clock.advance(10_000);
          await dispatcher.runOnce();
        }

        const first = await shown(authorized!.id);
        const second = await shown(captured!.id);
        const secondAgeWhenUp = (upFrom - Date.parse(captured!.createdAt)) / HOUR;
        assert.ok(secondAgeWhenUp < 72, `the endpoint answered 2xx from when payment.captured was ${secondAgeWhenUp.toFixed(2)} h old`);
        assert.equal(first.delivery.status, 'delivered', 'payment.authorized went out once the endpoint was back');
        assert.equal(
          second.delivery.status,
          'delivered',
          `payment.captured (URL set, server running, endpoint up within its 72 h) must not be lost: ${JSON.stringify(second.delivery)}`,
        );
        assert.equal(posts.filter((id) => id === captured!.id).length, 1);
      } finally {
        await dispatcher.close();
      }
    });
  });
}
