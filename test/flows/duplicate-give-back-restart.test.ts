/**
 * The process dies while the automatic give-back of a duplicate is on its way: the refund is
 * recorded (`sending`) but its request never reached the platform, and the platform already got
 * 200 for its feedback, so nothing re-delivers it. After a restart, the reconciler's sync finds
 * the abandoned refund never made and gives the duplicate back, exactly once.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { MERCHANT_API_KEY, SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { eventually } from '../support/waiting.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { openTabs } from './helpers.ts';

type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;

describe('duplicate give-back across a restart (sqlite)', { timeout: 90_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let server: RunningServer | undefined;
  let current = '';
  after(async () => {
    await server?.close().catch(() => undefined);
    await sandbox?.close();
    await database?.drop();
  });

  it('the give-back recorded but never sent is still sent once after the restart', async () => {
    database = await createTestDatabase('sqlite');
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      feedbackUrl: 'http://shop.invalid/payment/ogone/return',
      maintenanceDelayMs: 100,
      fetch: (input, init) => {
        const url = new URL(String(input));
        return fetch(`${current}${url.pathname}${url.search}`, init);
      },
    });
    let hang = false;
    const start = (offsetMs: number) =>
      startServer({
        port: 0,
        host: '127.0.0.1',
        quiet: true,
        reconciler: { intervalMs: 0 },
        clock: { now: () => new Date(Date.now() + offsetMs) },
        directLink: {
          // The "crash": the maintenance request is never sent and never answered.
          fetch: (input, init) => (hang && String(input).includes('maintenancedirect') ? new Promise(() => {}) : fetch(input, init)),
        },
        env: serverEnv(sandbox.url, { ...database.env }),
      });
    server = await start(0);
    current = server.url;
    const api = async (p: string, body?: unknown) => {
      const r = await fetch(`${current}${p}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: (await r.json()) as Record<string, any> };
    };
    const pay = (redirect: Redirect) => payOnHostedPage(redirect, '4111111111111111');

    const created = await api('/api/checkout-sessions', { amount: 1500, currency: 'EUR' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const tabs = await openTabs(current, id, 2);
    const [first, second] = tabs as [Redirect, Redirect];
    await pay(first);
    await eventually(
      () => api(`/api/checkout-sessions/${id}`),
      (v) => v.body.paidReference === first.reference,
      'first paid',
    );
    hang = true;
    await pay(second);
    await eventually(
      () => api(`/api/transactions/${second.reference}`),
      (v) => (v.body.operations ?? []).some((o: any) => o.kind === 'refund'),
      'give-back recorded',
    );

    // Crash and restart, two hours later (past SENDING_ABANDONED_MS and the grace period).
    await server.close();
    hang = false;
    server = await start(2 * 60 * 60_000);
    current = server.url;
    await api(`/api/transactions/${second.reference}/sync`, {});
    await new Promise((r) => setTimeout(r, 500));
    await api(`/api/transactions/${second.reference}/sync`, {});
    await new Promise((r) => setTimeout(r, 500));

    const atPlatform = sandbox.sandbox.payments().find((p: any) => p.orderId === second.reference) as any;
    const refunds = atPlatform.history.filter((h: any) => h.operation === 'RFS' || h.operation === 'RFD').length;
    const view = await api(`/api/transactions/${second.reference}`);
    assert.equal(
      refunds,
      1,
      `duplicate should be refunded once; state=${view.body.state} duplicateOf=${view.body.duplicateOf} ops=${JSON.stringify(view.body.operations)}`,
    );
  });
});
