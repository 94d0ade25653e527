/**
 * Parsing of the ncresponse answer, shape by shape: the guide's and AM*'s examples, tolerance
 * (attribute case, WITHROOT, unknown attributes), and answers that must be refused.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDirectLinkResponse, responseCharset, type DirectLinkResult } from '../../../server/directlink/response.ts';
import {
  AWAITING_AUTHENTICATION,
  isDuplicateOrder,
  isFinalStatus,
  isRejected,
  isUncertainAnswer,
  needsQuery,
  orderMayBeRetried,
  readQueryAnswer,
  statusResolution,
} from '../../../server/directlink/statuses.ts';
import { statusInfo } from '../../../shared/status.ts';
import { ACCEPTED_ATTRIBUTES, base64Lines, THREE_DS_HTML, xml } from './helpers.ts';

function parse(body: string, currency?: string): DirectLinkResult {
  const outcome = parseDirectLinkResponse(body, currency === undefined ? {} : { currency });
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.problem);
  return outcome.result;
}

function problem(body: string): string {
  const outcome = parseDirectLinkResponse(body);
  assert.equal(outcome.ok, false, 'the answer should be refused');
  return outcome.ok ? '' : outcome.problem;
}

describe('parseDirectLinkResponse', () => {
  test("the guide's maintenance example (self-closing, empty NCERROR)", () => {
    const result = parse(
      '<?xml version="1.0"?>\n<ncresponse orderID="99999" PAYID="1111111" PAYIDSUB="3" NCSTATUS="0"\nNCERROR="" NCERRORPLUS="" ACCEPTANCE="12345" STATUS="91" amount="125"\ncurrency="EUR" PM="CreditCard" BRAND="VISA"/>',
    );
    assert.equal(result.status, 91);
    assert.equal(result.ncError, '0');
    assert.equal(result.ok, true);
    assert.equal(result.payIdSub, 3);
    assert.equal(result.amountMinor, 12500);
    assert.equal(result.htmlAnswer, undefined);
  });

  test('attribute names in any case; first-class fields read whatever the case', () => {
    const result = parse(xml({ ORDERID: 'A-1', payid: '42', Status: '9', NcError: '0', AMOUNT: '0.5', CURRENCY: 'eur', alias: 'cust-1' }));
    assert.equal(result.orderId, 'A-1');
    assert.equal(result.payId, '42');
    assert.equal(result.status, 9);
    assert.equal(result.amountMinor, 50);
    assert.equal(result.currency, 'EUR');
    assert.equal(result.alias, 'cust-1');
    assert.deepEqual(Object.keys(result.raw), ['ORDERID', 'payid', 'Status', 'NcError', 'AMOUNT', 'CURRENCY', 'alias']);
  });

  test('amounts follow the currency exponent; the request currency fills in a missing one', () => {
    assert.equal(parse(xml({ STATUS: '9', amount: '2000', currency: 'JPY' })).amountMinor, 2000);
    assert.equal(parse(xml({ STATUS: '9', amount: '1.234', currency: 'KWD' })).amountMinor, 1234);
    assert.equal(parse(xml({ STATUS: '9', amount: '15' }), 'EUR').amountMinor, 1500);
    assert.equal(parse(xml({ STATUS: '9', amount: '15' })).amountMinor, undefined, 'no currency at all: no amount rather than a guess');
  });

  test('WITHROOT wrapper of any name', () => {
    const inner = xml(ACCEPTED_ATTRIBUTES).replace(/^<\?xml[^>]*>/, '');
    assert.equal(parse(`<?xml version="1.0"?><root>${inner}</root>`).payId, '3014726');
    assert.equal(parse(`<NCRESPONSES>\n${inner}\n</NCRESPONSES>`).status, 5);
  });

  test('HTML_ANSWER: base64 with line breaks, UTF-8 or ISO-8859-1 bytes', () => {
    assert.equal(parse(xml({ STATUS: '46' }, `<HTML_ANSWER>\n${base64Lines(THREE_DS_HTML)}\n</HTML_ANSWER>`)).htmlAnswer, THREE_DS_HTML);
    const latin1 = Buffer.from('<p>Vérification</p>', 'latin1').toString('base64');
    assert.equal(parse(xml({ STATUS: '46' }, `<html_answer>${latin1}</html_answer>`)).htmlAnswer, '<p>Vérification</p>');
    assert.equal(parse(xml({ STATUS: '46' }, '<HTML_ANSWER></HTML_ANSWER>')).htmlAnswer, undefined);
  });

  test('entities in attribute values are decoded', () => {
    assert.equal(parse(xml({ STATUS: '0', NCERROR: '50001111', NCERRORPLUS: 'Alias "a&b" <x>' })).ncErrorPlus, 'Alias "a&b" <x>');
    assert.equal(parse('<ncresponse STATUS="2" NCERRORPLUS="refus&#233;"/>').ncErrorPlus, 'refusé');
  });

  test('refuses what is not a usable answer', () => {
    assert.match(problem('<!DOCTYPE x [<!ENTITY a "b">]><ncresponse STATUS="5" NCERRORPLUS="&a;"/>'), /DOCTYPE/);
    assert.match(problem('<ncresponse/>'), /no attributes/);
    assert.match(problem('<ncresponse STATUS="5" status="9"/>'), /STATUS appears twice/);
    assert.match(problem(xml({ STATUS: '5', PAYID: 'abc' })), /PAYID is not numeric/);
    assert.match(problem(xml({ STATUS: '5', amount: '1,50', currency: 'EUR' })), /amount is not a decimal amount/);
    assert.match(problem(xml({ STATUS: '5', amount: '1.50', currency: 'XYZ' })), /not an ISO 4217 code/);
    assert.match(problem(xml({ STATUS: '46' }, '<HTML_ANSWER>%%%</HTML_ANSWER>')), /HTML_ANSWER is not base64/);
    // Same value twice in different case is tolerated.
    assert.equal(parse('<ncresponse STATUS="5" status="5"/>').status, 5);
  });
});

describe('responseCharset', () => {
  const bytes = new TextEncoder().encode('<?xml version="1.0"?><ncresponse/>');
  test('Content-Type first, then the XML declaration, then UTF-8', () => {
    assert.equal(responseCharset('text/XML; Charset=iso-8859-1', bytes), 'windows-1252');
    assert.equal(responseCharset('text/xml; charset="ISO-8859-1"', bytes), 'windows-1252');
    assert.equal(responseCharset('text/xml;charset=utf-8', bytes), 'utf-8');
    assert.equal(responseCharset('text/xml', new TextEncoder().encode('<?xml version="1.0" encoding="iso-8859-1"?><a/>')), 'windows-1252');
    assert.equal(responseCharset(null, bytes), 'utf-8');
  });
});

describe('statuses', () => {
  test('final, pending, uncertain, awaiting authentication', () => {
    for (const status of [5, 9, 0, 2, 93, 6, 8, 7, 1]) assert.equal(isFinalStatus(status), true, `${status} is final`);
    for (const status of [51, 91, 61, 81, 41, 99, 50]) assert.equal(statusResolution(status), 'pending', `${status} is pending`);
    for (const status of [52, 92, 62, 82]) assert.equal(statusResolution(status), 'uncertain', `${status} is uncertain`);
    assert.equal(statusResolution(AWAITING_AUTHENTICATION), 'awaiting-authentication');
    assert.equal(statusResolution(88), 'query-failed');
    assert.equal(statusResolution(77), 'unknown');
    for (const status of [46, 51, 52, 91, 92, 61, 81, 88, 77]) assert.equal(needsQuery(status), true, `${status} needs a query`);
  });

  test('an order is retried only after a final failure', () => {
    for (const status of [0, 1, 2, 93]) assert.equal(orderMayBeRetried(status), true);
    for (const status of [5, 9, 46, 51, 52, 92]) assert.equal(orderMayBeRetried(status), false, `never retry after ${status}`);
  });

  test('duplicates and rejections', () => {
    assert.equal(isDuplicateOrder({ ncError: '50001113' }), true);
    assert.equal(isDuplicateOrder({ ncError: '0' }), false);
    assert.equal(isRejected({ status: 0, ncError: '50001184' }), true);
    assert.equal(isRejected({ status: 2, ncError: '30001001' }), false, 'a refusal by the acquirer is a payment outcome');
  });
});

describe('query and maintenance answers as Ogone means them (docs/ogone-protocol.md §8)', () => {
  // The query answer's format is the guide's (DirectLink guide §5.2), with a decline's values.
  const DECLINED_QUERY =
    '<?xml version="1.0"?>\n<ncresponse orderID="99999" PAYID="1111111" PAYIDSUB="0" NCSTATUS="3"\nNCERROR="30001001" NCERRORPLUS="Payment refused by the acquirer" ACCEPTANCE="" STATUS="2" ECI="7" amount="125"\ncurrency="EUR" PM="CreditCard" BRAND="VISA" CARDNO="XXXXXXXXXXXX0200"\nIP="212.33.102.55"/>';

  test('STATUS 2 with NCERROR 30001001 is a declined payment, not a failed query', () => {
    const result = parse(DECLINED_QUERY);
    assert.equal(result.ok, false, 'NCERROR is not 0');
    assert.equal(result.ncError, '30001001');
    assert.deepEqual(readQueryAnswer(result), { kind: 'answer', status: 2, resolution: 'final' });
    assert.equal(statusInfo(result.status)?.state, 'declined');
  });

  test('93 is refused, 92 and 52 (NCSTATUS 2) are still uncertain: answers all the same', () => {
    assert.deepEqual(readQueryAnswer({ status: 93, ncError: '30001001' }), { kind: 'answer', status: 93, resolution: 'final' });
    assert.deepEqual(readQueryAnswer({ status: 92, ncError: '20001001' }), { kind: 'answer', status: 92, resolution: 'uncertain' });
    assert.deepEqual(readQueryAnswer({ status: 52, ncError: '20002005' }), { kind: 'answer', status: 52, resolution: 'uncertain' });
  });

  test("STATUS 0 with NCSTATUS 5 is the order's own only asked by ORDERID and answered with a PAYID (review r1170)", () => {
    const invalid = { status: 0, ncError: '50001001', payId: '3014726' };
    assert.deepEqual(readQueryAnswer(invalid, true), { kind: 'answer', status: 0, resolution: 'final' });
    assert.equal(readQueryAnswer(invalid, false).kind, 'failed', 'asked by PAYID: the PAYID may be ours echoed');
    assert.equal(readQueryAnswer({ ...invalid, payId: undefined }, true).kind, 'failed', 'PAYID 0: the request refused');
    assert.equal(readQueryAnswer({ status: 0, ncError: '50001119', payId: '3014726' }, true).kind, 'failed', 'a credential error');
  });

  test("only the query's own failures are failures: 88, credentials, unknown order", () => {
    const failed = parse('<ncresponse orderID="" PAYID="0" NCSTATUS="5" NCERROR="50001119" NCERRORPLUS="password incorrect" STATUS="88"/>');
    assert.equal(readQueryAnswer(failed).kind, 'failed');
    assert.equal(readQueryAnswer({ status: 0, ncError: '50001184' }).kind, 'failed', 'SHA mismatch');
    assert.equal(readQueryAnswer({ status: 88, ncError: '0' }).kind, 'failed', 'STATUS 88 alone');
    const unknown = parse(
      '<ncresponse orderID="NOPE-1" PAYID="0" NCSTATUS="5" NCERROR="50001130" NCERRORPLUS="unknown order" STATUS="88"/>',
    );
    assert.deepEqual(readQueryAnswer(unknown), { kind: 'unknown-order', ncError: '50001130' });
  });

  test('an ncresponse with an NCERROR and no STATUS is refused, naming the NCERROR', () => {
    const outcome = parseDirectLinkResponse('<ncresponse orderID="A1" NCSTATUS="5" NCERROR="50001119" NCERRORPLUS="password incorrect"/>');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.ok ? undefined : outcome.ncError, '50001119');
    const noError = parseDirectLinkResponse('<ncresponse orderID="A1" NCERROR="0"/>');
    assert.equal(noError.ok ? 'parsed' : noError.ncError, undefined, 'no NCERROR to name');
  });

  test('a maintenance answer with NCSTATUS 2 or STATUS 92 / 82 / 62 is uncertain, never refused', () => {
    const uncertain = parse(
      '<?xml version="1.0"?>\n<ncresponse orderID="99999" PAYID="1111111" PAYIDSUB="3" NCSTATUS="2"\nNCERROR="20001001" NCERRORPLUS="unknown status" ACCEPTANCE="12345" STATUS="92" amount="125"\ncurrency="EUR" PM="CreditCard" BRAND="VISA"/>',
    );
    assert.equal(uncertain.ok, false);
    assert.equal(isUncertainAnswer(uncertain), true);
    for (const status of [92, 82, 62]) assert.equal(isUncertainAnswer({ status, ncError: '0', ncStatus: '0' }), true, `STATUS ${status}`);
    assert.equal(isUncertainAnswer({ status: 0, ncError: '20002001', ncStatus: undefined }), true, 'NCSTATUS from the NCERROR');
    assert.equal(isUncertainAnswer({ status: 91, ncError: '0', ncStatus: '0' }), false, '91 is processing, not uncertain');
    assert.equal(isUncertainAnswer({ status: 0, ncError: '50001127', ncStatus: '5' }), false, 'a refusal');
    assert.equal(isUncertainAnswer({ status: 93, ncError: '30001001', ncStatus: '3' }), false, 'refused by the acquirer');
  });
});
