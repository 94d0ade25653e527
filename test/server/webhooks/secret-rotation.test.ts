/**
 * Rotating WEBHOOK_SECRET without a flag day (README, "Rotating WEBHOOK_SECRET"): while
 * WEBHOOK_SECRET_PREVIOUS is set, every delivery — an event, its redelivery, the test ping,
 * doctor's ping — carries `v1=<new>,v1=<old>`, so the merchant's verifier
 * (shared/webhooks/verify.ts) accepts it holding either secret and refuses it holding neither.
 * Before and after, one `v1`. Real servers (startServer, the sandbox, SQLite) posting to a real
 * receiver on a loopback port.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatReport, runDoctor } from '../../../server/commands/doctor.ts';
import { startServer, type RunningServer } from '../../../server/start-server.ts';
import { createLogger } from '../../../server/logger.ts';
import { verifyWebhookSignature } from '../../../shared/webhooks/verify.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { logCollector } from '../../support/logs.ts';

const NEW = 'whsec_rotation_new_5b1e7c90d2';
const OLD = 'whsec_rotation_old_8f3a61c4e7';
const THIRD = 'whsec_rotation_other_03c9d1a2';

interface Delivery {
  id: string;
  type: string;
  body: string;
  signature: string;
}

/** The merchant's endpoint: records every POST with its signature header, answers 200. */
async function startRecorder(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url?.startsWith('/hooks')) {
        const event = JSON.parse(body) as { id: string; type: string };
        deliveries.push({ id: event.id, type: event.type, body, signature: String(req.headers['ogone-checkout-signature']) });
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const signatureCount = (delivery: Delivery) => delivery.signature.split(',').filter((part) => part.startsWith('v1=')).length;

async function verifiesWith(delivery: Delivery, secret: string): Promise<boolean> {
  return (await verifyWebhookSignature({ body: delivery.body, header: delivery.signature, secret })).valid;
}

/** What the shared verifier makes of `delivery` with the old secret alone, the new one alone, a third. */
async function verdicts(delivery: Delivery): Promise<{ old: boolean; new: boolean; third: boolean }> {
  return { old: await verifiesWith(delivery, OLD), new: await verifiesWith(delivery, NEW), third: await verifiesWith(delivery, THIRD) };
}

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('webhook secret rotation over HTTP', () => {
  let database: TestDatabase;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let server: RunningServer | undefined;
  const logs: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    recorder = await startRecorder();
  });
  after(async () => {
    await server?.close();
    await recorder?.close();
    await database?.drop();
  });

  const envWith = (secrets: Record<string, string>) => ({
    OGONE_ENVIRONMENT: 'sandbox',
    ...database.env,
    WEBHOOK_URL: recorder.url,
    ...secrets,
  });

  /** (Re)starts the server on the same database with these secrets: a merchant's restart. */
  async function restart(secrets: Record<string, string>): Promise<void> {
    await server?.close();
    server = await startServer({
      env: envWith(secrets),
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ level: 'debug', destination: logCollector(logs) }),
      webhooks: { pollIntervalMs: 50 },
    });
  }

  async function api(pathname: string, method = 'GET'): Promise<{ status: number; body: Record<string, unknown> }> {
    const { merchantApiKey } = JSON.parse(await readFile(path.join(database.dataDir, 'sandbox-credentials.json'), 'utf8')) as {
      merchantApiKey: string;
    };
    const response = await fetch(`${server!.url}${pathname}`, { method, headers: { authorization: `Bearer ${merchantApiKey}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** `POST /api/events/ping` (the dashboard's "Send test event"), and the delivery it made. */
  async function ping(): Promise<Delivery> {
    const { status, body } = await api('/api/events/ping', 'POST');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.delivered, true, JSON.stringify(body));
    return until(() => recorder.deliveries.find((delivery) => delivery.id === body.id), 'the ping');
  }

  it('while WEBHOOK_SECRET_PREVIOUS is set, an event, its redelivery, the test ping and doctor’s ping verify with either secret', async () => {
    // An event still in the outbox at the restart (SQLite: one process at a time): signed when sent.
    const { repository } = await openTestRepository(database);
    const [event] = await repository.insertEvents([{ type: 'payment.captured', reference: 'ROT-1', data: { reference: 'ROT-1' } }]);
    await repository.close();
    await restart({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: OLD });
    const delivered = await until(() => recorder.deliveries.find((delivery) => delivery.id === event!.id), 'the event');

    const redeliver = await api(`/api/events/${event!.id}/redeliver`, 'POST');
    assert.equal(redeliver.status, 202, JSON.stringify(redeliver.body));
    const redelivered = await until(() => recorder.deliveries.filter((delivery) => delivery.id === event!.id)[1], 'the redelivery');

    const pinged = await ping();

    const doctor = await runDoctor({ ...envWith({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: OLD }), PUBLIC_URL: server!.url });
    const webhookFinding = doctor.findings.find((finding) => finding.check === 'webhook');
    assert.equal(webhookFinding?.severity, 'ok', formatReport(doctor));
    const doctorPing = recorder.deliveries.at(-1)!;
    assert.match(doctorPing.id, /^evt_ping_/);
    assert.ok(!formatReport(doctor).includes(NEW) && !formatReport(doctor).includes(OLD));

    for (const [what, delivery] of Object.entries({ delivered, redelivered, pinged, doctorPing })) {
      assert.equal(signatureCount(delivery), 2, `${what}: ${delivery.signature}`);
      assert.match(delivery.signature, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/, what);
      assert.deepEqual(await verdicts(delivery), { old: true, new: true, third: false }, what);
    }
    // The current secret's signature first, the previous one's second.
    const [, first, second] = pinged.signature.split(',');
    const onlyFirst = { ...pinged, signature: pinged.signature.replace(`,${second}`, '') };
    const onlySecond = { ...pinged, signature: pinged.signature.replace(`,${first}`, '') };
    assert.deepEqual(await verdicts(onlyFirst), { old: false, new: true, third: false });
    assert.deepEqual(await verdicts(onlySecond), { old: true, new: false, third: false });

    const logged = logs.join('\n');
    assert.ok(logged.includes('webhook ping sent'), 'the logs were collected');
    assert.ok(!logged.includes(NEW) && !logged.includes(OLD), 'no secret in the logs');
  });

  it('the procedure restart by restart: one v1 (old), two, one (new); the shop switching in between refuses nothing', async () => {
    // Before: the old secret alone.
    await restart({ WEBHOOK_SECRET: OLD });
    const before = await ping();
    assert.equal(signatureCount(before), 1, before.signature);
    assert.deepEqual(await verdicts(before), { old: true, new: false, third: false });

    // Step 1: the new secret, the old one as WEBHOOK_SECRET_PREVIOUS; the shop still has the old one, then the new.
    await restart({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: OLD });
    const during = await ping();
    assert.equal(signatureCount(during), 2, during.signature);
    assert.deepEqual(await verdicts(during), { old: true, new: true, third: false });

    // Step 3: WEBHOOK_SECRET_PREVIOUS removed.
    await restart({ WEBHOOK_SECRET: NEW });
    const afterwards = await ping();
    assert.equal(signatureCount(afterwards), 1, afterwards.signature);
    assert.deepEqual(await verdicts(afterwards), { old: false, new: true, third: false });
  });
});
