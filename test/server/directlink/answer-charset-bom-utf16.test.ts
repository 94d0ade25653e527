/**
 * A DirectLink answer's byte order mark and UTF-16 charset.
 *
 * Review r1271 found: `responseCharset` / `decodeBody` (server/directlink/response.ts) only know two charsets,
 * UTF-8 and ISO-8859-1 (as windows-1252), and never look at a byte order mark:
 *  1. An answer under the header DirectLink is observed to send on every answer,
 *     `text/XML; Charset=iso-8859-1` (docs/ogone-protocol.md §8 and response.ts's own comment), whose
 *     body starts with a UTF-8 BOM (EF BB BF — what an `_utf8` page writing UTF-8 emits) is decoded
 *     as windows-1252: the BOM becomes "ï»¿" before `<?xml`, the XML is "not well-formed", and the
 *     answer is thrown away. `parseDirectLinkResponse` strips a U+FEFF BOM, so BOMs are meant to
 *     be accepted — but only survive as U+FEFF under UTF-8 decoding. RFC 7303 §3.3 (XML media
 *     types): the BOM "is more authoritative than anything else with respect to detecting the
 *     character encoding of an XML MIME entity"; the WHATWG decode algorithm also lets the BOM win.
 *  2. An answer that says `charset=UTF-16` (header and XML declaration) is decoded as UTF-8 and
 *     thrown away as "not well-formed", though XML 1.0 §4.3.3 requires every XML processor to read
 *     UTF-16.
 *
 * What it costs: the platform's answer is lost although it came. A new order that was paid
 * (STATUS 9) is reported to the shop as "no usable answer, outcome unknown" (504 to the shopper,
 * their session blocked), and the reconciler's querydirect gets the same kind of body, fails every
 * round and leaves a charged payment unsettled until RECONCILE_MAX_AGE_DAYS flags it for a person.
 *
 * A byte order mark now wins over the header and the declaration, and the UTF-16 labels are read.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { DIRECTLINK_SECRETS, providerConfig } from '../../support/accounts.ts';
import { startFakePlatform, type FakePlatform } from './helpers.ts';

const PAID =
  '<?xml version="1.0"?>\n<ncresponse orderID="ORD-1270" PAYID="3014726" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="test123" STATUS="9" amount="19.99" currency="EUR" PM="CreditCard" BRAND="VISA"/>\n';

const ORDER = {
  orderId: 'ORD-1270',
  amount: 1999,
  currency: 'EUR',
  operation: 'SAL' as const,
  card: { number: DIRECTLINK_SECRETS.cardNumber, expiry: '12/30', cvc: DIRECTLINK_SECRETS.cvc },
};

let platform: FakePlatform;
before(async () => {
  platform = await startFakePlatform();
});
after(async () => {
  await platform.close();
});
const client = () => createDirectLinkClient({ config: providerConfig(platform.baseUrl) });

describe('the charset of a DirectLink answer', () => {
  test("a UTF-8 BOM under DirectLink's usual header (text/XML; Charset=iso-8859-1) is read as UTF-8, not thrown away", async () => {
    platform.respond = () => ({
      headers: { 'content-type': 'text/XML; Charset=iso-8859-1' },
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PAID, 'utf8')]),
    });
    const query = await client()
      .query({ orderId: 'ORD-1270', currency: 'EUR' })
      .catch((error: Error) => error);
    assert.ok(!(query instanceof Error), `the query's answer was thrown away: ${query instanceof Error ? query.message : ''}`);
    assert.equal(query.status, 9);
    assert.equal(query.payId, '3014726');

    const order = await client()
      .newOrder(ORDER)
      .catch((error: Error) => error);
    assert.ok(!(order instanceof Error), `the paid order's answer was thrown away: ${order instanceof Error ? order.message : ''}`);
    assert.equal(order.status, 9);
  });

  test('a UTF-16 answer (charset=UTF-16, with its BOM) is read', async () => {
    platform.respond = () => ({
      headers: { 'content-type': 'text/xml; charset=UTF-16' },
      body: Buffer.from(`\uFEFF${PAID.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')}`, 'utf16le'),
    });
    const query = await client()
      .query({ orderId: 'ORD-1270', currency: 'EUR' })
      .catch((error: Error) => error);
    assert.ok(!(query instanceof Error), `the query's answer was thrown away: ${query instanceof Error ? query.message : ''}`);
    assert.equal(query.status, 9);
    assert.equal(query.payId, '3014726');
  });
});
