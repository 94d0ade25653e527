/**
 * The DirectLink client against the real sandbox (`server/sandbox`), served over real HTTP:
 * card and alias orders, 3-D Secure approve and fail, duplicate ORDERID, wrong credentials,
 * SHA mismatch, capture / refund / cancel with partial amounts and the platform's refusals,
 * queries by PAYID and ORDERID, and new orders sent with WITHROOT=Y.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createSandbox, type Sandbox } from '../../../server/sandbox/app.ts';
import { assertAccepted, createDirectLinkClient, type DirectLinkClient } from '../../../server/directlink/client.ts';
import { DirectLinkError } from '../../../server/directlink/errors.ts';
import type { DirectLinkResult } from '../../../server/directlink/response.ts';
import { NCERROR } from '../../../shared/ncerror.ts';
import { isDuplicateOrder, isUncertainAnswer, readQueryAnswer, statusResolution } from '../../../server/directlink/statuses.ts';
import { DIRECTLINK_ACCOUNT, providerConfig } from '../../support/accounts.ts';

const VISA = '4111111111111111';
const VISA_3DS = '4000000000000002';
const VISA_REFUSED = '4000000000000200';
const VISA_UNCERTAIN = '4000000000009292';

let sandbox: Sandbox;
let server: ServerType;
let baseUrl: string;
let client: DirectLinkClient;
let counter = 0;

/** A fresh ORDERID per order: the sandbox is shared by the tests of this file. */
function orderId(label: string): string {
  counter += 1;
  return `DL-${label}-${Date.now().toString(36)}-${counter}`;
}

function cardOrder(label: string, overrides: Record<string, unknown> = {}) {
  return {
    orderId: orderId(label),
    amount: 1000,
    currency: 'EUR',
    operation: 'SAL' as 'SAL' | 'RES',
    card: { number: VISA, expiry: '12/39', cvc: '123' },
    customer: { name: 'Bárbara Souza' },
    ...overrides,
  };
}

/** Waits until the payment's queried status is `status` (maintenance is processed offline). */
async function queryUntil(payId: string, status: number): Promise<DirectLinkResult> {
  let last: DirectLinkResult | undefined;
  for (let attempt = 0; attempt < 200; attempt++) {
    last = await client.query({ payId });
    if (last.status === status) return last;
    await sleep(5);
  }
  assert.fail(`PAYID ${payId} never reached STATUS ${status} (last: ${last?.status})`);
}

function paid(result: DirectLinkResult): string {
  assertAccepted(result, 'new order');
  assert.ok(result.payId, 'the order has a PAYID');
  return result.payId;
}

before(async () => {
  sandbox = createSandbox(DIRECTLINK_ACCOUNT);
  server = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = createDirectLinkClient({ config: providerConfig(baseUrl) });
});

after(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('new orders', () => {
  test('SAL with card data: STATUS 9; query by PAYID and by ORDERID agree', async () => {
    const order = cardOrder('sal', { amount: 1999 });
    const result = await client.newOrder(order);
    assert.equal(result.status, 9);
    assert.equal(result.ok, true);
    assert.equal(result.orderId, order.orderId);
    assert.equal(result.amountMinor, 1999);
    assert.equal(result.currency, 'EUR');
    assert.equal(result.brand, 'VISA');
    const payId = paid(result);

    const byPayId = await client.query({ payId });
    assert.equal(byPayId.status, 9);
    assert.equal(byPayId.orderId, order.orderId);
    assert.equal(byPayId.cardNumber, 'XXXXXXXXXXXX1111');
    assert.equal(byPayId.amountMinor, 1999);
    const byOrderId = await client.query({ orderId: order.orderId });
    assert.equal(byOrderId.payId, payId);
    assert.equal(byOrderId.status, 9);
  });

  test('RES creating an alias, then a merchant-initiated SAL with the alias alone', async () => {
    const aliasName = `cust-42-${Date.now().toString(36)}`;
    const first = await client.newOrder(
      cardOrder('alias-create', { operation: 'RES', alias: { name: aliasName, operation: 'BYMERCHANT', persistedAfterUse: true } }),
    );
    assert.equal(first.status, 5, 'RES authorises');
    assert.equal(first.alias, aliasName);
    paid(first);

    const again = await client.newOrder({
      orderId: orderId('alias-use'),
      amount: 2500,
      currency: 'EUR',
      operation: 'SAL',
      alias: { name: aliasName },
      eci: 9,
      storedCredential: { initiator: 'MIT', transaction: 'SUBSEQ', schedule: 'UNSCHED' },
    });
    assert.equal(again.status, 9);
    assert.equal(again.ok, true);
    assert.equal(again.alias, aliasName);
    assert.equal(again.brand, 'VISA');
    assert.equal(again.amountMinor, 2500);
  });

  test('unknown alias: 50001111 as a result, no payment', async () => {
    const result = await client.newOrder({
      orderId: orderId('alias-unknown'),
      amount: 100,
      currency: 'EUR',
      operation: 'SAL',
      alias: { name: 'no-such-alias' },
      eci: 9,
    });
    assert.equal(result.ok, false);
    assert.equal(result.status, 0);
    assert.equal(result.ncError, NCERROR.DATA_VALIDATION);
    assert.equal(result.ncErrorPlus, 'Alias "no-such-alias" not Found');
    assert.equal(result.payId, undefined);
  });

  test('refused and uncertain cards', async () => {
    const refused = await client.newOrder(cardOrder('refused', { card: { number: VISA_REFUSED, expiry: '12/39', cvc: '123' } }));
    assert.equal(refused.status, 2);
    assert.equal(refused.ok, false);
    assert.equal(refused.ncError, '30001001');
    assert.equal(refused.ncErrorMessage.length > 0, true);
    assert.equal(statusResolution(refused.status), 'final');

    const uncertain = await client.newOrder(cardOrder('uncertain', { card: { number: VISA_UNCERTAIN, expiry: '12/39', cvc: '123' } }));
    assert.equal(uncertain.status, 92);
    assert.equal(statusResolution(uncertain.status), 'uncertain');
  });

  test("a declined order queried: STATUS 2 with the decline's NCERROR, an answer (DirectLink guide §5.2, docs/ogone-protocol.md §8)", async () => {
    const order = cardOrder('declined-query', { card: { number: VISA_REFUSED, expiry: '12/39', cvc: '123' } });
    const refused = await client.newOrder(order);
    assert.ok(refused.payId, 'a refused order has a PAYID');
    for (const query of [{ payId: refused.payId }, { orderId: order.orderId }]) {
      const answer = await client.query(query);
      assert.equal(answer.raw['STATUS'], '2');
      assert.equal(answer.raw['NCERROR'], '30001001');
      assert.equal(answer.raw['NCSTATUS'], '3');
      assert.equal(answer.raw['amount'], '10', 'major units: 10.00 EUR');
      assert.deepEqual(readQueryAnswer(answer), { kind: 'answer', status: 2, resolution: 'final' });
    }
    const uncertain = await client.newOrder(
      cardOrder('uncertain-query', { card: { number: VISA_UNCERTAIN, expiry: '12/39', cvc: '123' } }),
    );
    const still = await client.query({ payId: uncertain.payId! });
    assert.equal(still.raw['STATUS'], '92');
    assert.equal(still.raw['NCSTATUS'], '2');
    assert.equal(readQueryAnswer(still).kind, 'answer', 'still uncertain: an answer, not a failure');
  });

  test('duplicate ORDERID: the original PAYID comes back and nothing is charged twice', async () => {
    const order = cardOrder('dup');
    const payId = paid(await client.newOrder(order));
    const second = await client.newOrder(order);
    assert.equal(second.ok, false);
    assert.equal(second.status, 0);
    assert.equal(isDuplicateOrder(second), true);
    assert.equal(second.ncErrorMessage, 'This order has already been processed');
    assert.equal(second.payId, payId);
    assert.equal(sandbox.payments({ orderId: order.orderId }).length, 1);
  });
});

describe('3-D Secure', () => {
  const returnUrl = 'https://shop.example/payment/ogone/return';

  async function challenge(result: 'approve' | 'fail', operation: 'SAL' | 'RES') {
    const order = cardOrder(`3ds-${result}`, {
      operation,
      card: { number: VISA_3DS, expiry: '12/39', cvc: '123' },
      threeDSecure: {
        httpAccept: 'text/html',
        httpUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
        browser: { colorDepth: 24, javaEnabled: false, language: 'fr-BE', screenHeight: 1080, screenWidth: 1920, timezoneOffset: -60 },
      },
      returnUrls: { accept: returnUrl, decline: returnUrl, exception: returnUrl, cancel: returnUrl },
      language: 'fr_FR',
    });
    const answer = await client.newOrder(order);
    assert.equal(answer.status, 46);
    assert.equal(answer.ok, true);
    assert.equal(statusResolution(answer.status), 'awaiting-authentication');
    const html = answer.htmlAnswer ?? assert.fail('STATUS 46 carries an HTML_ANSWER');
    assert.match(html, /<form name="downloadform3D"/);
    const action = /action="([^"]+)"/.exec(html)?.[1] ?? assert.fail('the form has an action');
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('the form has a token');
    assert.ok(action.startsWith(baseUrl), `the form posts to the sandbox (${action})`);

    // The shopper's browser: the self-posting form, then the issuer's button.
    const page = await fetch(action, { method: 'POST', body: new URLSearchParams({ TOKEN: token }) });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /3-D Secure authentication/);
    const done = await fetch(action, { method: 'POST', body: new URLSearchParams({ TOKEN: token, RESULT: result }), redirect: 'manual' });
    assert.equal(done.status, 303);
    assert.ok(done.headers.get('location')?.startsWith(returnUrl));
    return { payId: answer.payId ?? assert.fail('STATUS 46 has a PAYID'), orderId: order.orderId };
  }

  test('approved: the order ends captured (SAL) with ECI 5', async () => {
    const { payId } = await challenge('approve', 'SAL');
    const after = await client.query({ payId });
    assert.equal(after.status, 9);
    assert.equal(after.ok, true);
    assert.equal(after.eci, '5');
  });

  test('approved with RES: authorised', async () => {
    const { orderId: id } = await challenge('approve', 'RES');
    assert.equal((await client.query({ orderId: id })).status, 5);
  });

  test('failed: STATUS 2 with the authentication error', async () => {
    const { payId } = await challenge('fail', 'SAL');
    const after = await client.query({ payId });
    assert.equal(after.status, 2);
    assert.equal(after.ok, false);
    assert.equal(after.ncError, '40001134');
  });
});

describe('credentials and signature', () => {
  test('wrong API password, wrong API user, unknown PSPID', async () => {
    const wrong = [
      [{ password: 'not-the-password' }, NCERROR.WRONG_PASSWORD],
      [{ userId: 'someone-else' }, NCERROR.WRONG_PASSWORD],
      [{ pspid: 'OTHERPSPID' }, NCERROR.PSPID_NOT_FOUND],
    ] as const;
    for (const [override, code] of wrong) {
      const order = cardOrder('creds');
      const result = await createDirectLinkClient({ config: providerConfig(baseUrl, override) }).newOrder(order);
      assert.equal(result.ok, false);
      assert.equal(result.status, 0);
      assert.equal(result.ncError, code, JSON.stringify(Object.keys(override)));
      assert.equal(sandbox.payments({ orderId: order.orderId }).length, 0, 'no payment was made');
    }
  });

  test('SHA-IN mismatch: 50001184 "unknown order/1/s", for orders, maintenance and queries', async () => {
    const payId = paid(await client.newOrder(cardOrder('sha-ok', { operation: 'RES' })));
    const badSha = createDirectLinkClient({ config: providerConfig(baseUrl, { shaIn: 'AnotherPassphrase-0000' }) });
    const order = cardOrder('sha');
    for (const result of [
      await badSha.newOrder(order),
      await badSha.maintenance({ payId, operation: 'SAS' }),
      await badSha.query({ payId }),
    ]) {
      assert.equal(result.ok, false);
      assert.equal(result.ncError, NCERROR.SHA_MISMATCH);
      assert.equal(result.ncErrorMessage, 'SHA Mismatch');
      assert.equal(result.ncErrorPlus, 'unknown order/1/s');
    }
    assert.equal(sandbox.payments({ orderId: order.orderId }).length, 0);
    assert.equal((await client.query({ payId })).status, 5, 'the refused capture changed nothing');
  });

  test('every hash algorithm the account may use', async () => {
    for (const algorithm of ['sha1', 'sha256'] as const) {
      const other = createSandbox({ ...DIRECTLINK_ACCOUNT, hashAlgorithm: algorithm });
      const listener = serve({ fetch: other.app.fetch, port: 0, hostname: '127.0.0.1' });
      try {
        await new Promise<void>((resolve) => (listener.listening ? resolve() : listener.once('listening', () => resolve())));
        const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
        const result = await createDirectLinkClient({ config: providerConfig(url, { hashAlgorithm: algorithm }) }).newOrder(
          cardOrder(algorithm),
        );
        assert.equal(result.status, 9, algorithm);
      } finally {
        await other.close();
        await new Promise<void>((resolve) => listener.close(() => resolve()));
      }
    }
  });
});

describe('WITHROOT=Y (DirectLink guide §3.1.2)', () => {
  /** The client with `withRoot`, its fetch keeping each answer's body as the sandbox sent it. */
  function rootedClient(bodies: Map<string, string>): DirectLinkClient {
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      bodies.set(new URL(String(input)).pathname, await response.clone().text());
      return response;
    };
    return createDirectLinkClient({ config: providerConfig(baseUrl), withRoot: true, fetch: recording });
  }

  test('a new order answers inside a root element, and the client reads it; maintenance and query answer bare', async () => {
    const bodies = new Map<string, string>();
    const rooted = rootedClient(bodies);
    const order = cardOrder('withroot', { operation: 'RES', amount: 1500 });
    const result = await rooted.newOrder(order);
    assert.match(bodies.get('/ncol/test/orderdirect_utf8.asp') ?? '', /^<\?xml[^>]*\?>\s*<root>\s*<ncresponse\b[\s\S]*<\/root>\s*$/);
    assert.equal(result.status, 5);
    assert.equal(result.orderId, order.orderId);
    assert.equal(result.amountMinor, 1500);
    const payId = paid(result);

    const duplicate = await rooted.newOrder(order);
    assert.match(bodies.get('/ncol/test/orderdirect_utf8.asp') ?? '', /<root>/, 'refusals are wrapped too');
    assert.equal(isDuplicateOrder(duplicate), true);
    assert.equal(duplicate.payId, payId);

    // The guide lists WITHROOT for new orders only (§4.1.2 and §5.1.2 do not), and the client sends it there only.
    const capture = await rooted.maintenance({ payId, operation: 'SAS', amount: 1500, currency: 'EUR' });
    assert.equal(capture.status, 91);
    assert.doesNotMatch(bodies.get('/ncol/test/maintenancedirect_utf8.asp') ?? '', /<root>/);
    const queried = await rooted.query({ payId });
    assert.equal(queried.orderId, order.orderId);
    assert.doesNotMatch(bodies.get('/ncol/test/querydirect_utf8.asp') ?? '', /<root>/);
  });

  test('3-D Secure: the HTML_ANSWER inside the wrapped ncresponse is read', async () => {
    const bodies = new Map<string, string>();
    const answer = await rootedClient(bodies).newOrder(
      cardOrder('withroot-3ds', {
        card: { number: VISA_3DS, expiry: '12/39', cvc: '123' },
        threeDSecure: { httpAccept: 'text/html', httpUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' },
        returnUrls: { accept: 'https://shop.example/r', decline: 'https://shop.example/r', exception: 'https://shop.example/r' },
      }),
    );
    assert.match(bodies.get('/ncol/test/orderdirect_utf8.asp') ?? '', /<root>\s*<ncresponse\b[\s\S]*<HTML_ANSWER>/);
    assert.equal(answer.status, 46);
    assert.match(answer.htmlAnswer ?? '', /<form name="downloadform3D"/);
  });
});

describe('maintenance', () => {
  test('partial captures, a capture above what is left, partial and last refunds, a refund above what was captured', async () => {
    const payId = paid(await client.newOrder(cardOrder('capture', { operation: 'RES', amount: 1000 })));

    const firstCapture = await client.maintenance({ payId, operation: 'SAL', amount: 400, currency: 'EUR' });
    assert.equal(firstCapture.status, 91, 'captures are processed offline');
    assert.equal(firstCapture.ok, true);
    assert.equal(firstCapture.payIdSub, 1);
    assert.equal(firstCapture.amountMinor, 400);
    assert.equal(statusResolution(firstCapture.status), 'pending');
    await queryUntil(payId, 9);

    const tooMuch = await client.maintenance({ payId, operation: 'SAS', amount: 700, currency: 'EUR' });
    assert.equal(tooMuch.ok, false);
    assert.equal(tooMuch.status, 0);
    assert.equal(tooMuch.ncError, '50001126');

    const lastCapture = await client.maintenance({ payId, operation: 'SAS', amount: 600, currency: 'EUR' });
    assert.equal(lastCapture.status, 91);
    assert.equal(lastCapture.payIdSub, 2);
    await queryUntil(payId, 9);

    const refund = await client.maintenance({ payId, operation: 'RFD', amount: 300, currency: 'EUR' });
    assert.equal(refund.status, 81);
    assert.equal(statusResolution(refund.status), 'pending');
    await queryUntil(payId, 8);

    const refundTooMuch = await client.maintenance({ payId, operation: 'RFS', amount: 800, currency: 'EUR' });
    assert.equal(refundTooMuch.ok, false);
    assert.equal(refundTooMuch.ncError, '50001129');

    const lastRefund = await client.maintenance({ payId, operation: 'RFS', amount: 700, currency: 'EUR' });
    assert.equal(lastRefund.status, 81);
    await queryUntil(payId, 8);

    const history = await client.query({ payId, payIdSub: 1 });
    assert.equal(history.payIdSub, 1);
    assert.equal(history.amountMinor, 400, 'PAYIDSUB 1 is the first capture');

    const closed = await client.maintenance({ payId, operation: 'RFD', amount: 1, currency: 'EUR' });
    assert.equal(closed.ok, false);
    assert.equal(closed.ncError, NCERROR.WRONG_STATUS, 'the order was closed by RFS');
  });

  test('cancel (DES), then no capture after cancel', async () => {
    const payId = paid(await client.newOrder(cardOrder('cancel', { operation: 'RES' })));
    const cancel = await client.maintenance({ payId, operation: 'DES' });
    assert.equal(cancel.status, 61);
    assert.equal(cancel.ok, true);
    await queryUntil(payId, 6);
    const capture = await client.maintenance({ payId, operation: 'SAS' });
    assert.equal(capture.ok, false);
    assert.equal(capture.ncError, NCERROR.WRONG_STATUS);
  });

  test('a repeated full capture is refused (DirectLink guide §4.4)', async () => {
    const payId = paid(await client.newOrder(cardOrder('repeat', { operation: 'RES' })));
    assert.equal((await client.maintenance({ payId, operation: 'SAS' })).status, 91);
    const again = await client.maintenance({ payId, operation: 'SAS' });
    assert.equal(again.ok, false);
    assert.equal(again.ncError, NCERROR.WRONG_STATUS);
    assert.equal(again.payId, payId);
  });

  test('by ORDERID, and on an order the platform does not know', async () => {
    const order = cardOrder('by-order', { operation: 'RES', amount: 500 });
    const payId = paid(await client.newOrder(order));
    const capture = await client.maintenance({ orderId: order.orderId, operation: 'SAS', amount: 500, currency: 'EUR' });
    assert.equal(capture.status, 91);
    assert.equal(capture.payId, payId);

    const unknown = await client.maintenance({ payId: '999999999', operation: 'SAS' });
    assert.equal(unknown.ok, false);
    assert.equal(unknown.status, 0);
    const query = await client.query({ payId: '999999999' });
    assert.equal(query.ok, false);
    assert.equal(query.status, 88, 'the query itself failed');
    assert.equal(query.raw['NCERROR'], '50001130');
    assert.equal(statusResolution(query.status), 'query-failed');
    assert.deepEqual(readQueryAnswer(query), { kind: 'unknown-order', ncError: '50001130' });
    const byOrder = await client.query({ orderId: 'NEVER-SENT-1' });
    assert.equal(byOrder.raw['STATUS'], '88');
    assert.equal(readQueryAnswer(byOrder).kind, 'unknown-order');
  });

  test('the maintenanceUncertain fault: NCSTATUS 2, NCERROR 20001001, STATUS 92 / 82 / 62; carried out all the same', async () => {
    const payId = paid(await client.newOrder(cardOrder('uncertain-maintenance', { operation: 'RES', amount: 1000 })));
    sandbox.uncertainMaintenanceNext(1);
    assert.equal(sandbox.faults().maintenanceUncertain, 1);
    const capture = await client.maintenance({ payId, operation: 'SAS', amount: 1000, currency: 'EUR' });
    assert.equal(capture.raw['STATUS'], '92');
    assert.equal(capture.raw['NCSTATUS'], '2');
    assert.equal(capture.raw['NCERROR'], '20001001');
    assert.equal(capture.raw['PAYIDSUB'], '1');
    assert.equal(isUncertainAnswer(capture), true);
    assert.equal(sandbox.faults().maintenanceUncertain, 0, 'one answer used');
    const level = await client.query({ payId, payIdSub: 1 });
    assert.ok(['92', '9'].includes(level.raw['STATUS']!), 'the history level is uncertain until processed');
    await queryUntil(payId, 9);
    const settled = await client.query({ payId, payIdSub: 1 });
    assert.equal(settled.raw['STATUS'], '9');
    assert.equal(settled.raw['NCERROR'], '0');

    sandbox.uncertainMaintenanceNext(2);
    const refund = await client.maintenance({ payId, operation: 'RFD', amount: 400, currency: 'EUR' });
    assert.equal(refund.raw['STATUS'], '82');
    const other = paid(await client.newOrder(cardOrder('uncertain-cancel', { operation: 'RES' })));
    const cancel = await client.maintenance({ payId: other, operation: 'DES', currency: 'EUR' });
    assert.equal(cancel.raw['STATUS'], '62');
    assert.equal(sandbox.faults().maintenanceUncertain, 0);
  });
});

describe('transport against the sandbox', () => {
  test('a stopped sandbox is a network error that says nothing was sent', async () => {
    const other = createSandbox(DIRECTLINK_ACCOUNT);
    const listener = serve({ fetch: other.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => (listener.listening ? resolve() : listener.once('listening', () => resolve())));
    const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    await other.close();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    await assert.rejects(createDirectLinkClient({ config: providerConfig(url) }).newOrder(cardOrder('stopped')), (error: unknown) => {
      assert.ok(error instanceof DirectLinkError);
      assert.equal(error.kind, 'network');
      assert.equal(error.outcomeUnknown, false);
      return true;
    });
  });
});
