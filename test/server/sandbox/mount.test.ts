/**
 * Mounted inside another Hono app (the signer server in sandbox mode): the parent's routes keep
 * working and the sandbox builds its absolute URLs from the parent's origin.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import type { ServerType } from '@hono/node-server';
import { createSandbox, type Sandbox } from '../../../server/sandbox/app.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { listen } from '../../support/listen.ts';
import { hostedOrder, openCheckout, submitCard } from './helpers.ts';

let sandbox: Sandbox;
let server: ServerType;
let base: string;
before(async () => {
  sandbox = createSandbox(SANDBOX_ACCOUNT);
  const parent = new Hono();
  parent.get('/healthz', (c) => c.text('ok'));
  parent.route('/', sandbox.app);
  ({ server, url: base } = await listen(parent.fetch));
});
after(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('sandbox mounted in a parent app', () => {
  it('serves its pages next to the parent routes, with absolute URLs on the parent origin', async () => {
    assert.equal(await (await fetch(`${base}/healthz`)).text(), 'ok');
    const { html, token } = await openCheckout(base, hostedOrder({ ACCEPTURL: `${base}/healthz` }));
    assert.match(html, new RegExp(`action="${base}/ncol/test/sandbox_pay.asp"`));
    const response = await submitCard(base, token, { CARDNO: '4000000000000002' });
    assert.ok(response.headers.get('location')?.startsWith(`${base}/ncol/test/sandbox_3ds.asp?TOKEN=`));
    assert.equal(sandbox.payments()[0]?.status, 46);
  });
});
