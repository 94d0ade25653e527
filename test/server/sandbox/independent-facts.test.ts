/**
 * The sandbox plays Ogone and is written from Ogone's guides, never from our code, so it keeps
 * its own copies of the platform's facts on purpose: NCERROR codes, the SHA-IN / SHA-OUT lists,
 * AMOUNT arithmetic, the ORDERID length (docs/facts.md). Where the sandbox and our code both use a
 * fact, they must agree: a disagreement means one of them misread the guide.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerAmount, readRequestAmount } from '../../../server/sandbox/amount.ts';
import { validateHostedRequest } from '../../../server/sandbox/hosted/validate.ts';
import { NCERROR as SANDBOX_NCERROR, ncStatus as sandboxNcStatus } from '../../../server/sandbox/ncerrors.ts';
import { SHA_IN_LIST_TEXT } from '../../../server/sandbox/sha/sha-in-list.ts';
import { SHA_OUT_LIST_TEXT } from '../../../server/sandbox/sha/sha-out-list.ts';
import { shaSign } from '../../../server/ogone/sha.ts';
import { FEEDBACK_AMOUNT_PATTERN, OGONE_AMOUNT_PATTERN } from '../../../shared/amount-patterns.ts';
import {
  CURRENCIES,
  currencyExponent,
  MAX_CURRENCY_EXPONENT,
  maxOgoneMinorAmount,
  OGONE_AMOUNT_MAX_DIGITS,
  toFeedbackAmount,
  toOgoneAmount,
} from '../../../shared/money.ts';
import { explainNcError, NCERROR, ncStatusOf, type NcErrorName } from '../../../shared/ncerror.ts';
import { ORDERID_MAX_LENGTH } from '../../../shared/order-id.ts';
import { SHA_IN_PARAMETER_FAMILIES, SHA_IN_PARAMETER_NAMES } from '../../../shared/sha-in-parameters.ts';
import { SHA_OUT_PARAMETER_NAMES } from '../../../shared/sha-out-parameters.ts';

type SandboxName = keyof typeof SANDBOX_NCERROR;

/** Our name → the sandbox's name for the same situation (the names differ, the codes may not). */
const SAME_SITUATION: ReadonlyArray<readonly [NcErrorName, SandboxName]> = [
  ['OK', 'OK'],
  ['REFUSED', 'REFUSED'],
  ['DATA_VALIDATION', 'DATA_VALIDATION'],
  ['DUPLICATE_ORDER', 'ALREADY_PROCESSED'],
  ['PSPID_NOT_FOUND', 'PSPID_NOT_FOUND'],
  ['WRONG_PASSWORD', 'PASSWORD_INCORRECT'],
  ['WRONG_STATUS', 'WRONG_STATUS'],
  ['CAPTURE_OVERFLOW', 'CAPTURE_OVERFLOW'],
  ['REFUND_OVERFLOW', 'REFUND_OVERFLOW'],
  ['ORDER_NOT_FOUND', 'ORDER_NOT_FOUND'],
  ['HISTORY_ITEM_NOT_FOUND', 'HISTORY_ITEM_NOT_FOUND'],
  ['SHA_MISMATCH', 'SHA_MISMATCH'],
];

describe('NCERROR: the sandbox and our code agree on the codes both use', () => {
  it('gives the same code for the same situation', () => {
    for (const [ours, sandbox] of SAME_SITUATION) {
      assert.equal(NCERROR[ours], SANDBOX_NCERROR[sandbox], `NCERROR.${ours} (ours) vs NCERROR.${sandbox} (sandbox)`);
    }
  });

  it('uses no code of ours for another situation', () => {
    const paired = new Set(SAME_SITUATION.map(([ours]) => NCERROR[ours]));
    const sandboxCodes = new Map(Object.entries(SANDBOX_NCERROR).map(([name, code]) => [code as string, name]));
    for (const [name, code] of Object.entries(NCERROR)) {
      if (paired.has(code)) continue;
      assert.equal(
        sandboxCodes.get(code),
        undefined,
        `NCERROR.${name} ${code} is the sandbox's ${sandboxCodes.get(code)}: pair them in SAME_SITUATION`,
      );
    }
  });

  it('takes every code of both from the platform list', () => {
    for (const [name, code] of [...Object.entries(NCERROR), ...Object.entries(SANDBOX_NCERROR)]) {
      assert.equal(explainNcError(code)?.known, true, `${name} ${code} is not in the platform's NCERROR list`);
    }
  });

  it('reads NCSTATUS the same way', () => {
    for (const code of [...Object.values(NCERROR), ...Object.values(SANDBOX_NCERROR), '0020001001', '00']) {
      assert.equal(ncStatusOf(code), sandboxNcStatus(code), code);
    }
  });
});

describe("SHA lists: the sandbox's printed lists hold the same names as the signer's", () => {
  const words = (text: string) => text.trim().split(/\s+/);

  it('SHA-IN: the same names and the same numbered families', () => {
    const printed = words(SHA_IN_LIST_TEXT);
    const families = printed.filter((word) => word.endsWith('*XX*')).map((word) => word.slice(0, -'*XX*'.length));
    const names = printed.filter((word) => !word.endsWith('*XX*'));
    assert.deepEqual([...new Set(names)].sort(), [...SHA_IN_PARAMETER_NAMES].sort());
    assert.deepEqual([...new Set(families)].sort(), [...SHA_IN_PARAMETER_FAMILIES].sort());
  });

  it('SHA-OUT: the same names', () => {
    assert.deepEqual([...new Set(words(SHA_OUT_LIST_TEXT))].sort(), [...SHA_OUT_PARAMETER_NAMES].sort());
  });
});

describe('AMOUNT: the sandbox reads what we send and writes what we parse', () => {
  it('accepts the same request AMOUNT texts (digits only, at most 15)', () => {
    const samples = [
      '0',
      '1',
      '1999',
      '150000',
      '9'.repeat(OGONE_AMOUNT_MAX_DIGITS),
      '9'.repeat(OGONE_AMOUNT_MAX_DIGITS + 1),
      '',
      '19.99',
      '-1',
      '1 999',
      '1e3',
    ];
    for (const text of samples) {
      assert.equal(readRequestAmount(text) !== undefined, OGONE_AMOUNT_PATTERN.test(text), JSON.stringify(text));
    }
  });

  it('turns our AMOUNT back into the major amount we expect in a feedback', () => {
    const cases: Array<[number, string]> = [
      [1999, 'EUR'],
      [1500, 'EUR'],
      [1550, 'EUR'],
      [1, 'EUR'],
      [1500, 'JPY'],
      [1, 'JPY'],
      [1230, 'KWD'],
      [10, 'KWD'],
      [100, 'CLF'],
      [maxOgoneMinorAmount('EUR'), 'EUR'],
      [maxOgoneMinorAmount('JPY'), 'JPY'],
      [maxOgoneMinorAmount('KWD'), 'KWD'],
    ];
    for (const [minor, currency] of cases) {
      const wire = toOgoneAmount(minor, currency);
      const hundredths = readRequestAmount(wire);
      assert.notEqual(hundredths, undefined, `${minor} ${currency}: the sandbox refuses AMOUNT=${wire}`);
      const written = answerAmount(hundredths!);
      assert.equal(written, toFeedbackAmount(minor, currency), `${minor} ${currency}`);
      assert.match(written, FEEDBACK_AMOUNT_PATTERN);
    }
  });

  it('MAX_CURRENCY_EXPONENT is the most decimals of any ISO 4217 currency', () => {
    assert.equal(Math.max(...[...CURRENCIES].map(currencyExponent)), MAX_CURRENCY_EXPONENT);
  });
});

describe("ORDERID: the sandbox's hosted page takes the longest ORDERID we send, and no longer", () => {
  const account = { pspid: 'FACTSPSPID', shaIn: 'Facts-SHA-IN-passphrase', hashAlgorithm: 'sha512' as const };
  const request = (orderId: string) => {
    const params: Record<string, string> = { PSPID: account.pspid, ORDERID: orderId, AMOUNT: '1999', CURRENCY: 'EUR', LANGUAGE: 'en_US' };
    params['SHASIGN'] = shaSign(params, { passphrase: account.shaIn, algorithm: account.hashAlgorithm, direction: 'in' });
    return validateHostedRequest(params, account, 'utf-8');
  };

  it(`accepts ${ORDERID_MAX_LENGTH} characters and refuses one more`, () => {
    const longest = request('A'.repeat(ORDERID_MAX_LENGTH));
    assert.ok(longest.ok, longest.ok ? '' : longest.message);
    assert.deepEqual(request('A'.repeat(ORDERID_MAX_LENGTH + 1)), { ok: false, message: 'orderid too long' });
  });
});
