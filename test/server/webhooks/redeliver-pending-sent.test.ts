/**
 * `POST /api/events/:id/redeliver` of an event still pending and never claimed (a shop that ran
 * without WEBHOOK_URL) answers 202, and once a WEBHOOK_URL is set the event is posted (README,
 * Merchant API: "a new delivery attempt now"). Review r1080 found a rule for old never-claimed
 * events that marked such a redelivery never sent; the rule was withdrawn, and this test holds
 * the promise of the 202.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../server/logger.ts';
import { WEBHOOK_RETRY_WINDOW_MS } from '../../../server/repository/records/outbox.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a redelivery asked of a pending event, on ${kind}`, () => {
    let server: Server;
    let url: string;
    const posts: string[] = [];

    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const t = useTestApp(kind); // the shop as it ran: no WEBHOOK_URL, GET /api/events polled
    before(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          posts.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    });

    it('sends the event the merchant asked to redeliver (202), once a WEBHOOK_URL is set', async () => {
      const [old] = await t.repository.insertEvents([
        { type: 'payment.captured', reference: 'REDELIVER-1', data: { reference: 'REDELIVER-1', state: 'captured' } },
      ]);
      t.clock.advance(WEBHOOK_RETRY_WINDOW_MS + 60_000);

      // The merchant wants this one at the endpoint about to be configured: asks for it by hand.
      const asked = await t.api(`/api/events/${old!.id}/redeliver`, { method: 'POST' });
      assert.equal(asked.status, 202);
      const answered = (await asked.json()) as { delivery: { status: string } };
      assert.equal(answered.delivery.status, 'pending', 'answered as scheduled');

      // WEBHOOK_URL set, the server restarted: its dispatcher runs.
      t.clock.advance(5_000);
      const dispatcher = createWebhookDispatcher({
        repository: t.repository,
        url,
        secret: TEST_ENV.WEBHOOK_SECRET,
        clock: t.clock,
        logger: silentLogger(),
        random: () => 0,
      });
      try {
        await dispatcher.runOnce();
        await dispatcher.runOnce();
      } finally {
        await dispatcher.close();
      }
      const shown = (await (await t.api(`/api/events/${old!.id}`)).json()) as { delivery: unknown };
      assert.equal(
        posts.filter((id) => id === old!.id).length,
        1,
        `the redelivery answered 202 must be sent; the event is now ${JSON.stringify(shown.delivery)}`,
      );
    });
  });
}
