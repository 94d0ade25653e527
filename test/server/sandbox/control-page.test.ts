/**
 * The sandbox's HTML control page (`/sandbox/control`): lists the payments, resolves a pending one
 * and sets faults with plain forms (POST-redirect-GET), calling the same controls as the JSON API;
 * refuses a cross-site post (Origin check); and, mounted on a non-loopback address, takes the
 * merchant key exactly as the JSON API does (server/sandbox-access.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { guardSandbox } from '../../../server/sandbox-access.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { closeServer, listen } from '../../support/listen.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, payHosted } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

/** Pays with the sandbox's "uncertain" card: STATUS 92, pending until resolved. */
async function pendingPayment(): Promise<{ orderId: string; payId: string }> {
  const order = hostedOrder();
  await (await payHosted(running.url, order, { CARDNO: '4000000000009292' })).text();
  const [payment] = running.sandbox.payments({ orderId: order.ORDERID });
  assert.equal(payment?.status, 92);
  return { orderId: order.ORDERID, payId: payment.payId };
}

function postControl(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = { origin: running.url },
): Promise<Response> {
  return fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function jsonStatus(payId: string): Promise<number> {
  const response = await fetch(`${running.url}/sandbox/payments/${payId}`);
  return ((await response.json()) as { payment: { status: number } }).payment.status;
}

describe('sandbox control page', () => {
  it('lists a pending payment with its ORDERID, amount, status text and resolve buttons', async () => {
    const { orderId, payId } = await pendingPayment();
    const response = await fetch(`${running.url}/sandbox/control`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    const html = await response.text();
    assert.match(html, /<th scope="col">ORDERID<\/th>/);
    const row = new RegExp(`<tr id="payment-${payId}" data-status="92">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    assert.ok(row, 'a row for the payment');
    assert.match(row, new RegExp(`<th scope="row"><code>${orderId}</code></th>`));
    assert.match(row, /19\.99 EUR/);
    assert.match(row, /<strong>92<\/strong> Payment uncertain/); // the status list's text for 92
    assert.match(row, new RegExp(`action="/sandbox/control/payments/${payId}/resolve"`));
    assert.match(row, /<button type="submit" name="status" value="9">Accept \(STATUS 9\)/);
    assert.match(row, /<button type="submit" name="status" value="2">Decline \(STATUS 2\)/);
    assert.doesNotMatch(html, /<script/);
  });

  it('"Accept" resolves it (303 back to the page) and the JSON API then shows STATUS 9', async () => {
    const { payId } = await pendingPayment();
    const posted = await postControl(`/sandbox/control/payments/${payId}/resolve`, { status: '9' });
    assert.equal(posted.status, 303);
    const location = posted.headers.get('location') ?? '';
    assert.match(location, /^\/sandbox\/control\?done=resolved&payId=\d+&status=9$/);
    assert.equal(await jsonStatus(payId), 9);
    const page = await (await fetch(`${running.url}${location}`)).text();
    assert.match(page, new RegExp(`role="status" id="notice">Payment ${payId} resolved: STATUS 9`));
    assert.match(page, new RegExp(`<tr id="payment-${payId}" data-status="9">`));
    // Resolved: no more resolve buttons on its row; resolving again says why.
    const again = await postControl(`/sandbox/control/payments/${payId}/resolve`, { status: '2' });
    assert.match(again.headers.get('location') ?? '', /error=not_resolvable/);
    assert.equal(await jsonStatus(payId), 9);
  });

  it('refuses a post from another site or without Origin, and changes nothing', async () => {
    const { payId } = await pendingPayment();
    const crossSite = await postControl(`/sandbox/control/payments/${payId}/resolve`, { status: '9' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const anonymous = await postControl(`/sandbox/control/payments/${payId}/resolve`, { status: '9' }, {});
    assert.equal(anonymous.status, 403);
    const nullOrigin = await postControl('/sandbox/control/faults', { fail: '3' }, { origin: 'null' });
    assert.equal(nullOrigin.status, 403);
    assert.equal(await jsonStatus(payId), 92);
    const sameOrigin = await postControl(
      `/sandbox/control/payments/${payId}/resolve`,
      { status: '2' },
      { 'sec-fetch-site': 'same-origin' },
    );
    assert.equal(sameOrigin.status, 303);
    assert.equal(await jsonStatus(payId), 2);
  });

  it('sets and clears the faults the JSON API offers', async () => {
    const set = await postControl('/sandbox/control/faults', { fail: '2', delay: '1', delayMs: '1500', maintenanceUncertain: '1' });
    assert.equal(set.status, 303);
    const faults = async () => ((await (await fetch(`${running.url}/sandbox/faults`)).json()) as { faults: Record<string, number> }).faults;
    assert.deepEqual(await faults(), { fail: 2, delay: 1, delayMs: 1500, maintenanceUncertain: 1 });
    const page = await (await fetch(`${running.url}/sandbox/control`)).text();
    assert.match(page, /<label for="fault-fail">Fail the next N feedback requests<\/label>/);
    assert.match(page, /id="fault-fail" name="fail" min="0" max="1000" step="1" value="2"/);
    const bad = await postControl('/sandbox/control/faults', { fail: '-1' });
    assert.match(bad.headers.get('location') ?? '', /error=invalid_faults/);
    assert.equal((await faults()).fail, 2, 'an invalid form changes nothing');
    const cleared = await postControl('/sandbox/control/faults/clear', {});
    assert.equal(cleared.status, 303);
    assert.deepEqual(await faults(), { fail: 0, delay: 0, delayMs: 0, maintenanceUncertain: 0 });
  });
});

describe('sandbox control page access', () => {
  const KEY = 'sk_test_control_page_0123456789abcdef';

  it('off loopback: refused without the merchant key, like the JSON API; allowed with it', async () => {
    const { payId } = await pendingPayment();
    const { server, url } = await listen((request) =>
      guardSandbox(running.sandbox.app.fetch, { host: '0.0.0.0', merchantApiKeys: [KEY] })(request),
    );
    try {
      for (const path of ['/sandbox/control', '/sandbox/payments']) {
        const anonymous = await fetch(`${url}${path}`);
        assert.equal(anonymous.status, 401, path);
        await anonymous.text();
      }
      const post = await fetch(`${url}/sandbox/control/payments/${payId}/resolve`, {
        method: 'POST',
        headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=9',
        redirect: 'manual',
      });
      assert.equal(post.status, 401);
      await post.text();
      assert.equal(await jsonStatus(payId), 92, 'the anonymous post changed nothing');
      const withKey = await fetch(`${url}/sandbox/control`, { headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(withKey.status, 200);
      assert.match(await withKey.text(), new RegExp(`payment-${payId}`));
    } finally {
      await closeServer(server);
    }
  });

  it('on loopback: open, like the JSON API', async () => {
    const { server, url } = await listen((request) =>
      guardSandbox(running.sandbox.app.fetch, { host: '127.0.0.1', merchantApiKeys: [KEY] })(request),
    );
    try {
      const page = await fetch(`${url}/sandbox/control`);
      assert.equal(page.status, 200);
      await page.text();
    } finally {
      await closeServer(server);
    }
  });
});
