import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { shaSign, shaVerify } from '../../server/ogone/sha.ts';
import {
  compareParameterNames,
  composeSha,
  digestsEqual,
  shaString,
  signWithWebCrypto,
  type HashAlgorithm,
} from '../../shared/signature.ts';
import { SHA_OUT_PARAMETER_NAMES } from '../../shared/sha-out-parameters.ts';
import { SHA_IN_PARAMETER_FAMILIES, SHA_IN_PARAMETER_NAMES } from '../../shared/sha-in-parameters.ts';

// Public vectors (docs/ogone-protocol.md §3): e-Commerce Advanced guide §11 "Appendix: SHA" and
// DirectLink guide §3.5, passphrase Mysecretsig1875!?; the SHA-256/512 and SHA-OUT digests are
// the published vectors of other integrations over the same strings.
const PASSPHRASE = 'Mysecretsig1875!?';
const IN_PARAMS = { AMOUNT: '1500', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: '1234', PSPID: 'MyPSPID' };
const OUT_PARAMS = {
  ACCEPTANCE: '1234',
  amount: '15',
  BRAND: 'VISA',
  CARDNO: 'xxxxxxxxxxxx1111',
  currency: 'EUR',
  NCERROR: '0',
  orderID: '12',
  PAYID: '32100123',
  PM: 'CreditCard',
  STATUS: '9',
};

const vectors: Array<{
  name: string;
  params: Record<string, string>;
  direction: 'in' | 'out';
  algorithm: HashAlgorithm;
  expected: string;
}> = [
  { name: 'SHA-IN sha1', params: IN_PARAMS, direction: 'in', algorithm: 'sha1', expected: 'F4CC376CD7A834D997B91598FA747825A238BE0A' },
  {
    name: 'SHA-IN sha256',
    params: IN_PARAMS,
    direction: 'in',
    algorithm: 'sha256',
    expected: 'E019359BAA3456AE5A986B6AABD22CF1B3E09438739E97F17A7F61DF5A11B30F',
  },
  {
    name: 'SHA-IN sha512',
    params: IN_PARAMS,
    direction: 'in',
    algorithm: 'sha512',
    expected:
      'D1CFE8833A297D0922E908B2B44934B09EE966EF1584DC0D696304E07BB58BA71973C2383C831D878D8A243BB7D7DFFFBE53CEE21955CDFEF44FE82E551F859D',
  },
  {
    name: 'SHA-IN with OPERATION sha1',
    params: { AMOUNT: '1500', CURRENCY: 'EUR', OPERATION: 'RES', ORDERID: '1234', PSPID: 'MyPSPID' },
    direction: 'in',
    algorithm: 'sha1',
    expected: 'EB52902BCC4B50DC1250E5A7C1068ECF97751256',
  },
  {
    name: 'SHA-IN DirectLink example with CARDNO sha1',
    params: { AMOUNT: '1500', CARDNO: '4111111111111111', CURRENCY: 'EUR', OPERATION: 'RES', ORDERID: '1234', PSPID: 'MyPSPID' },
    direction: 'in',
    algorithm: 'sha1',
    expected: '2B459D4D3AF0C678695AE77EE5BF0C83CA6F0AD8',
  },
  { name: 'SHA-OUT sha1', params: OUT_PARAMS, direction: 'out', algorithm: 'sha1', expected: 'B209960D5703DD1047F95A0F97655FFE5AC8BD52' },
  {
    name: 'SHA-OUT sha256',
    params: OUT_PARAMS,
    direction: 'out',
    algorithm: 'sha256',
    expected: 'FD15F9371F2B42E3CAEC53BF2576AC89AAEBF53FD8FBA8F0B2EA13EAA823189D',
  },
  {
    name: 'SHA-OUT sha512',
    params: OUT_PARAMS,
    direction: 'out',
    algorithm: 'sha512',
    expected:
      '5377F95D498947BECC23E02C2C7DDE182EE1221F1A6629B091110DF653FE0C32FCACF5F9B87B4C5168FC12B7183095623750004355DE938A2B8DECC6DB6D9F62',
  },
  {
    name: 'SHA-OUT uppercase X card number',
    params: { ...OUT_PARAMS, CARDNO: 'XXXXXXXXXXXX1111' },
    direction: 'out',
    algorithm: 'sha1',
    expected: '209113288F93A9AB8E474EA78D899AFDBB874355',
  },
  {
    name: 'SHA-OUT AMOUNT=15.00',
    params: { ...OUT_PARAMS, amount: '15.00' },
    direction: 'out',
    algorithm: 'sha1',
    expected: '8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA',
  },
];

describe('public test vectors (docs/ogone-protocol.md §3)', () => {
  for (const v of vectors) {
    test(`${v.name} (node:crypto)`, () => {
      assert.equal(shaSign(v.params, { passphrase: PASSPHRASE, algorithm: v.algorithm, direction: v.direction }), v.expected);
    });
    test(`${v.name} (Web Crypto)`, async () => {
      assert.equal(
        await signWithWebCrypto(v.params, { passphrase: PASSPHRASE, algorithm: v.algorithm, direction: v.direction }),
        v.expected,
      );
    });
    test(`${v.name} verifies, lowercase hex too`, () => {
      const options = { passphrase: PASSPHRASE, algorithm: v.algorithm, direction: v.direction };
      assert.deepEqual(shaVerify({ ...v.params, SHASIGN: v.expected }, options), { valid: true });
      assert.deepEqual(shaVerify({ ...v.params, ShaSign: v.expected.toLowerCase() }, options), { valid: true });
    });
  }
});

describe('composition rules', () => {
  const sha = (params: Record<string, string>, direction: 'in' | 'out' = 'in') =>
    shaSign(params, { passphrase: PASSPHRASE, algorithm: 'sha512', direction });

  test('the hashed string of the SHA-IN vector is NAME=value+passphrase, passphrase after the last one', () => {
    assert.equal(
      shaString(IN_PARAMS, PASSPHRASE, 'in'),
      'AMOUNT=1500Mysecretsig1875!?CURRENCY=EURMysecretsig1875!?LANGUAGE=en_USMysecretsig1875!?ORDERID=1234Mysecretsig1875!?PSPID=MyPSPIDMysecretsig1875!?',
    );
  });

  test('mixed-case names sign like uppercase names', () => {
    const mixed = { amount: '1500', Currency: 'EUR', language: 'en_US', orderId: '1234', pspid: 'MyPSPID' };
    assert.equal(sha(mixed), sha(IN_PARAMS));
    assert.equal(shaString(mixed, 'p', 'in'), shaString(IN_PARAMS, 'p', 'in'));
  });

  test('empty values are dropped, but a value of "0" is kept', () => {
    assert.equal(sha({ ...IN_PARAMS, CN: '', EMAIL: '' }), sha(IN_PARAMS));
    assert.notEqual(sha({ ...IN_PARAMS, COM: '0' }), sha(IN_PARAMS));
    const explained = composeSha({ ...IN_PARAMS, CN: '' }, 'in');
    assert.deepEqual(explained.dropped, [{ name: 'CN', reason: 'empty value' }]);
  });

  test('values are hashed as received: whitespace and case of values matter', () => {
    assert.notEqual(sha({ ...IN_PARAMS, CN: 'John Doe' }), sha({ ...IN_PARAMS, CN: 'John Doe ' }));
    assert.notEqual(sha({ ...IN_PARAMS, CN: 'john' }), sha({ ...IN_PARAMS, CN: 'John' }));
  });

  test('SHA-OUT ignores PARAMPLUS keys, unknown names and SHASIGN', () => {
    const withExtras = { ...OUT_PARAMS, SessionID: '126548354', ShopperID: '73541312', foo: 'bar', return_url: 'x', SHASIGN: 'AB' };
    assert.equal(sha(withExtras, 'out'), sha(OUT_PARAMS, 'out'));
    const dropped = composeSha(withExtras, 'out')
      .dropped.map((d) => d.name)
      .sort();
    assert.deepEqual(dropped, ['FOO', 'RETURN_URL', 'SESSIONID', 'SHASIGN', 'SHOPPERID']);
  });

  test('SHA-IN hashes listed names (COMPLUS, PARAMPLUS are on the list), never SHASIGN', () => {
    assert.notEqual(sha({ ...IN_PARAMS, PARAMPLUS: 'a=1' }), sha(IN_PARAMS));
    assert.notEqual(sha({ ...IN_PARAMS, COMPLUS: 'x' }), sha(IN_PARAMS));
    assert.equal(sha({ ...IN_PARAMS, SHASIGN: 'whatever' }), sha(IN_PARAMS));
  });

  test('PAYIDSUB is sent but not hashed: not on the SHA-IN list', () => {
    const withSub = { ...IN_PARAMS, PAYIDSUB: '1' };
    assert.equal(
      shaString(withSub, PASSPHRASE, 'in'),
      'AMOUNT=1500Mysecretsig1875!?CURRENCY=EURMysecretsig1875!?LANGUAGE=en_USMysecretsig1875!?ORDERID=1234Mysecretsig1875!?PSPID=MyPSPIDMysecretsig1875!?',
    );
    // The guide's own digest, not the one a hashed PAYIDSUB would give (C214F274…).
    assert.equal(
      shaSign(withSub, { passphrase: PASSPHRASE, algorithm: 'sha1', direction: 'in' }),
      'F4CC376CD7A834D997B91598FA747825A238BE0A',
    );
    assert.deepEqual(composeSha({ ...withSub, SHASIGN: 'AB' }, 'in').dropped, [
      { name: 'PAYIDSUB', reason: 'not in the SHA-IN list' },
      { name: 'SHASIGN', reason: 'the signature itself' },
    ]);
    const unlisted = { ...IN_PARAMS, FOO: 'bar', return_url: 'x', SessionID: '1' };
    assert.equal(shaString(unlisted, PASSPHRASE, 'in'), shaString(IN_PARAMS, PASSPHRASE, 'in'));
    assert.deepEqual(
      composeSha(unlisted, 'in').dropped.map((d) => d.name),
      ['FOO', 'RETURN_URL', 'SESSIONID'],
    );
  });

  test('numbered families of the list (ITEMID*XX*) are hashed: ITEMID1, AMOUNT2, any case', () => {
    assert.equal(
      shaString({ ...IN_PARAMS, itemid1: 'SKU-1' }, PASSPHRASE, 'in'),
      'AMOUNT=1500Mysecretsig1875!?CURRENCY=EURMysecretsig1875!?ITEMID1=SKU-1Mysecretsig1875!?LANGUAGE=en_USMysecretsig1875!?ORDERID=1234Mysecretsig1875!?PSPID=MyPSPIDMysecretsig1875!?',
    );
    // Digest of that string by sha1sum, outside our code.
    assert.equal(
      shaSign({ ...IN_PARAMS, ITEMID1: 'SKU-1' }, { passphrase: PASSPHRASE, algorithm: 'sha1', direction: 'in' }),
      '82F1FE3A8A69DA45AAE0B4E98E5D8A8D40D035D5',
    );
    assert.equal(shaString({ AMOUNT2: '5', ITEMNAME12: 'Tea', TAXINCLUDED3: '1' }, '#', 'in'), 'AMOUNT2=5#ITEMNAME12=Tea#TAXINCLUDED3=1#');
    // Only prefix + digits: the bare prefix (not itself listed) and other suffixes are not members.
    assert.equal(shaString({ ITEMID: 'a', ITEMIDX: 'b', ITEMID1A: 'c', 'ITEMID-1': 'd' }, '#', 'in'), '');
    assert.equal(SHA_IN_PARAMETER_FAMILIES.length, 34);
    assert.equal(SHA_IN_PARAMETER_NAMES.length, 344);
  });

  test('SHA-OUT-only names (NCERROR, STATUS) are not SHA-IN names, and the other way round', () => {
    assert.equal(shaString({ NCERROR: '0', STATUS: '9', PSPID: 'x' }, '#', 'in'), 'PSPID=x#');
    assert.equal(shaString({ NCERROR: '0', STATUS: '9', PSPID: 'x' }, '#', 'out'), 'NCERROR=0#STATUS=9#');
  });

  test('non-ASCII values are hashed as UTF-8', () => {
    const params = { ...IN_PARAMS, CN: 'Bárbara São Paulo 张伟' };
    const expected = createHash('sha512')
      .update(Buffer.from(shaString(params, PASSPHRASE, 'in'), 'utf8'))
      .digest('hex')
      .toUpperCase();
    assert.equal(sha(params), expected);
    const latin1 = createHash('sha512')
      .update(Buffer.from(shaString(params, PASSPHRASE, 'in'), 'latin1'))
      .digest('hex')
      .toUpperCase();
    assert.notEqual(sha(params), latin1);
  });

  test('a shape signed again composes as the first time, whatever other shapes came between', () => {
    // The digest order is remembered per sequence of names (issue 17); composeSha sorts on its own.
    const composed = (params: Record<string, string>, direction: 'in' | 'out') =>
      composeSha(params, direction)
        .included.map(([name, value]) => `${name}=${value}#`)
        .join('');
    const shapes: Array<Record<string, string>> = [
      IN_PARAMS,
      { PSPID: 'x', ORDERID: '1', amount: '5', CURRENCY: 'EUR', LANGUAGE: 'fr_FR', COM: 'a', ACCEPTURL: 'u', OPERATION: 'SAL' },
      { ...IN_PARAMS, SCORING: '1', SCO_CATEGORY: 'G', itemid2: 'a', ITEMID10: 'b' },
      { ...OUT_PARAMS, SHASIGN: 'AB', foo: 'bar' },
      // Two keys naming one parameter keep their own order, as the first signature of them did.
      { amount: '1', AMOUNT: '2', PSPID: 'x' },
      { AMOUNT: '2', amount: '1', PSPID: 'x' },
    ];
    // More shapes than are remembered, then each again with other values and with empty ones.
    for (let n = 0; n < 12; n++) shapes.push({ ...IN_PARAMS, [`ITEMNAME${n}`]: 'tea' });
    for (let round = 0; round < 3; round++) {
      for (const shape of shapes) {
        const params = Object.fromEntries(
          Object.entries(shape).map(([name, value], i) => [name, round === 2 && i % 2 === 0 ? '' : `${value}${round}`]),
        );
        for (const direction of ['in', 'out'] as const) assert.equal(shaString(params, '#', direction), composed(params, direction));
      }
    }
    assert.equal(shaString({ amount: '1', AMOUNT: '2' }, '#', 'in'), 'AMOUNT=1#AMOUNT=2#');
    assert.equal(shaString({ AMOUNT: '2', amount: '1' }, '#', 'in'), 'AMOUNT=2#AMOUNT=1#');
  });

  test('SCO_CATEGORY sorts before SCORING (underscore before letters), unlike ASCII order', () => {
    const params = { ...OUT_PARAMS, SCORING: '1', SCO_CATEGORY: 'G' };
    const hashed = shaString(params, '#', 'out');
    assert.ok(hashed.indexOf('SCO_CATEGORY=G#') < hashed.indexOf('SCORING=1#'), hashed);
    assert.ok(['SCORING', 'SCO_CATEGORY'].sort()[0] === 'SCORING', 'plain sort puts SCORING first');
  });

  test('underscore sorts before digits too (NBRIPUSAGE_ALLTX vs NBRIPUSAGE2)', () => {
    assert.ok(compareParameterNames('A_B', 'A0B') < 0);
    assert.ok(compareParameterNames('A0', 'AA') < 0);
    assert.ok(compareParameterNames('NBRIPUSAGE', 'NBRIPUSAGE_ALLTX') < 0);
  });

  test('our ordering reproduces the official SHA-OUT list order', () => {
    const shuffled = [...SHA_OUT_PARAMETER_NAMES].reverse();
    assert.deepEqual(shuffled.sort(compareParameterNames), [...SHA_OUT_PARAMETER_NAMES]);
  });
});

describe('verification', () => {
  const options = { passphrase: PASSPHRASE, algorithm: 'sha1' as const, direction: 'out' as const };
  test('a tampered value is a mismatch', () => {
    const result = shaVerify({ ...OUT_PARAMS, amount: '16', SHASIGN: 'B209960D5703DD1047F95A0F97655FFE5AC8BD52' }, options);
    assert.equal(result.valid, false);
    assert.equal(result.valid === false && result.reason, 'mismatch');
  });
  test('a missing or malformed signature is reported as such', () => {
    const missing = shaVerify(OUT_PARAMS, options);
    assert.equal(missing.valid === false && missing.reason, 'missing');
    const short = shaVerify({ ...OUT_PARAMS, SHASIGN: 'B209' }, options);
    assert.equal(short.valid === false && short.reason, 'malformed');
    const notHex = shaVerify({ ...OUT_PARAMS, SHASIGN: 'Z'.repeat(40) }, options);
    assert.equal(notHex.valid === false && notHex.reason, 'malformed');
  });
  test('another passphrase or algorithm does not verify', () => {
    assert.equal(
      shaVerify({ ...OUT_PARAMS, SHASIGN: 'B209960D5703DD1047F95A0F97655FFE5AC8BD52' }, { ...options, passphrase: 'Mysecretsig1875!!' })
        .valid,
      false,
    );
    assert.equal(
      shaVerify({ ...OUT_PARAMS, SHASIGN: 'B209960D5703DD1047F95A0F97655FFE5AC8BD52' }, { ...options, algorithm: 'sha256' }).valid,
      false,
    );
  });
  test('digest comparison is case-insensitive and length-strict', () => {
    assert.equal(digestsEqual('ABCDEF0123', 'abcdef0123'), true);
    assert.equal(digestsEqual('ABCDEF0123', 'ABCDEF0124'), false);
    assert.equal(digestsEqual('ABCDEF0123', 'ABCDEF012'), false);
    // Only letters fold: a control character is not the digit it would be with bit 0x20 set.
    assert.equal(digestsEqual('0123456789', '\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019'), false);
    assert.equal(digestsEqual('@[', '`{'), false);
    assert.equal(digestsEqual('AZaz09', 'azAZ09'), true);
  });
});
