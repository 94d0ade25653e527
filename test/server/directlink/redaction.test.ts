/**
 * The API password, the SHA-IN passphrase, the card number and the CVC never appear in an
 * error's message, `toString()`, stack, `cause`, inspection or JSON, nor in a log line — even
 * when a hostile or broken platform echoes the posted form back in its answer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { assertAccepted, createDirectLinkClient } from '../../../server/directlink/client.ts';
import type { StructuredLogger } from '../../../server/logger.ts';
import { DirectLinkError, DirectLinkRequestError, scrub } from '../../../server/directlink/errors.ts';
import { DIRECTLINK_SECRETS, providerConfig } from '../../support/accounts.ts';
import { freePort } from '../../support/listen.ts';
import { REJECTED_ATTRIBUTES, startFakePlatform, xml, type FakePlatform, type Responder } from './helpers.ts';

const ORDER = {
  orderId: 'ORD-SECRET',
  amount: 4200,
  currency: 'EUR',
  operation: 'SAL' as const,
  card: { number: DIRECTLINK_SECRETS.cardNumber, expiry: '11/29', cvc: DIRECTLINK_SECRETS.cvc },
};

const forbidden = [
  DIRECTLINK_SECRETS.password,
  encodeURIComponent(DIRECTLINK_SECRETS.password),
  new URLSearchParams({ p: DIRECTLINK_SECRETS.password }).toString().slice(2),
  DIRECTLINK_SECRETS.shaIn,
  encodeURIComponent(DIRECTLINK_SECRETS.shaIn),
  DIRECTLINK_SECRETS.cardNumber,
  DIRECTLINK_SECRETS.cvc,
];

/** Everything an error can show: message, toString, stack, inspection (with hidden fields and causes), JSON. */
function everythingShown(error: unknown): string {
  const parts: string[] = [String(error), inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error) ?? ''];
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    parts.push(current.message, current.stack ?? '', String(current), JSON.stringify(current) ?? '');
  }
  return parts.join('\n');
}

function assertClean(text: string, where: string, hosts: string[]) {
  // Port numbers in a URL could contain the CVC's digits by chance: leave hosts out of the search.
  let haystack = text;
  for (const host of hosts) haystack = haystack.split(host).join('<host>');
  for (const secret of forbidden) {
    assert.equal(haystack.includes(secret), false, `${where} shows a secret (${secret.slice(0, 3)}…):\n${haystack}`);
  }
  assert.doesNotMatch(haystack, /PSWD=(?!\[redacted\])/, `${where} shows a PSWD field`);
  assert.doesNotMatch(haystack, /CVC=(?!\[redacted\])/, `${where} shows a CVC field`);
}

const echo: Record<string, Responder> = {
  'HTTP 500 echoing the form': (post) => ({
    status: 500,
    headers: { 'content-type': 'text/plain' },
    body: `Error processing ${post.body}`,
  }),
  'unreadable answer echoing the form': (post) => ({
    headers: { 'content-type': 'text/plain' },
    body: `Dump: ${decodeURIComponent(post.body)}`,
  }),
  'plain-text refusal echoing the form': (post) => ({ headers: { 'content-type': 'text/html' }, body: `unknown order/1/s ${post.body}` }),
  'malformed XML echoing decoded values': (post) => ({
    body: `<ncresponse STATUS="x" NCERRORPLUS="${post.form['PSWD']} ${post.form['CARDNO']}"/>`,
  }),
  'no answer (timeout)': () => 'hang',
  'connection dropped': () => 'drop',
};

describe('secrets never leak', () => {
  let platform: FakePlatform;
  const lines: string[] = [];
  const logger: Pick<StructuredLogger, 'info' | 'warn'> = {
    info: (details, message) => void lines.push(`INFO ${message ?? ''} ${JSON.stringify(details)}`),
    warn: (details, message) => void lines.push(`WARN ${message ?? ''} ${JSON.stringify(details)}`),
  };

  before(async () => {
    platform = await startFakePlatform();
  });
  after(async () => {
    await platform.close();
  });

  for (const [name, responder] of Object.entries(echo)) {
    test(name, async () => {
      platform.respond = responder;
      lines.length = 0;
      // 2 s, not 300 ms: on a loaded 2-core CI machine the first request of the file alone
      // took longer than 300 ms to reach the fake platform, and the test then saw no form at all.
      const client = createDirectLinkClient({ config: providerConfig(platform.baseUrl), logger, timeoutMs: 2_000, rtimeoutSeconds: false });
      const error = await client.newOrder(ORDER).then(
        () => assert.fail('the call should fail'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof DirectLinkError, String(error));
      // The platform did receive the secrets (that is the point of the call)…
      assert.equal(platform.posts.at(-1)?.form['PSWD'], DIRECTLINK_SECRETS.password);
      // …but nothing we show does.
      assertClean(everythingShown(error), `${error.kind} error`, [platform.baseUrl.replace('http://', '')]);
      assert.ok(
        lines.some((line) => line.startsWith('WARN')),
        'the failure is logged',
      );
      assertClean(lines.join('\n'), 'log lines', [platform.baseUrl.replace('http://', '')]);
    });
  }

  test('network error (connection refused): message, sanitized cause, logs', async () => {
    lines.length = 0;
    const port = await freePort();
    const client = createDirectLinkClient({ config: providerConfig(`http://127.0.0.1:${port}`), logger });
    const error = await client.newOrder(ORDER).then(
      () => assert.fail('should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DirectLinkError);
    assert.equal(error.kind, 'network');
    assertClean(everythingShown(error), 'network error', [`127.0.0.1:${port}`]);
    assertClean(lines.join('\n'), 'log lines', [`127.0.0.1:${port}`]);
  });

  test('successful calls log what happened, never the form', async () => {
    lines.length = 0;
    platform.respond = () => ({ body: xml({ ...REJECTED_ATTRIBUTES, NCERROR: '50001119', NCERRORPLUS: 'Password incorrect' }) });
    const client = createDirectLinkClient({ config: providerConfig(platform.baseUrl), logger });
    const result = await client.newOrder(ORDER);
    await client.maintenance({ payId: '3014726', operation: 'RFD', amount: 100, currency: 'EUR' });
    await client.query({ payId: '3014726' });
    assert.equal(result.ncError, '50001119');
    assert.equal(lines.length, 6, 'one line per request and one per response');
    assert.match(lines[0]!, /directlink request.*"orderId":"ORD-SECRET"/);
    assert.match(lines[1]!, /directlink response.*"ncError":"50001119"/);
    assertClean(lines.join('\n'), 'log lines', [platform.baseUrl.replace('http://', '')]);
  });

  test('assertAccepted strips a card number the platform would put in NCERRORPLUS', () => {
    const result = {
      status: 0,
      ok: false,
      orderId: 'ORD-SECRET',
      payId: undefined,
      payIdSub: undefined,
      ncStatus: '5',
      ncError: '50001111',
      ncErrorPlus: `card ${DIRECTLINK_SECRETS.cardNumber} invalid, CVC=${DIRECTLINK_SECRETS.cvc}`,
      ncErrorMessage: 'Data validation error',
      acceptance: undefined,
      eci: undefined,
      amountMinor: undefined,
      currency: 'EUR',
      pm: undefined,
      brand: undefined,
      alias: undefined,
      cardNumber: undefined,
      htmlAnswer: undefined,
      raw: {},
    };
    assert.throws(
      () => assertAccepted(result, 'new order'),
      (error: unknown) => {
        assert.ok(error instanceof DirectLinkError);
        assert.match(error.message, /card \[redacted\] invalid/);
        assertClean(everythingShown(error), 'platform error', []);
        return true;
      },
    );
  });

  test('an invalid request names the field, not the value', async () => {
    const client = createDirectLinkClient({ config: providerConfig(platform.baseUrl) });
    const error = await client.newOrder({ ...ORDER, card: { ...ORDER.card, expiry: '00/00' } }).then(
      () => assert.fail('should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DirectLinkRequestError);
    assert.equal(error.field, 'card.expiry');
    assertClean(everythingShown(error), 'request error', []);
  });

  test('scrub removes secrets verbatim and encoded, secret form fields and card-number shapes', () => {
    const text = `PSWD=abc&x=1 ${DIRECTLINK_SECRETS.password} ${encodeURIComponent(DIRECTLINK_SECRETS.shaIn)} 4111 1111 1111 1111 CVC=123&ED=12/30 order 12345`;
    const clean = scrub(text, [DIRECTLINK_SECRETS.password, DIRECTLINK_SECRETS.shaIn]);
    assert.equal(clean, 'PSWD=[redacted]&x=1 [redacted] [redacted] [redacted] CVC=[redacted]&ED=[redacted] order 12345');
  });
});
