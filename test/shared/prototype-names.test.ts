/**
 * Review r1231 found `explainNcError` (published in `@ogone-checkout/shared`) reading its message
 * table through the object's prototype: "toString", "constructor", "hasOwnProperty"… are "known"
 * NCERROR codes whose `message` is a function (or `Object.prototype` itself for "__proto__").
 *
 * Defect: shared/ncerror.ts `explainNcError` looks the code up with
 * `NCERROR_MESSAGES[code] ?? NCERROR_MESSAGES[stripped] ?? …` on a plain object literal
 * (shared/ncerror-messages.ts). For a value that names an Object.prototype member the lookup finds
 * the inherited member, so the function returns `{ known: true, message: [Function] }`, breaking its
 * own type (`message: string`) and its doc ("the platform's message, or a generic one for codes
 * the list does not know"). The project already fixed this class of bug for locales
 * (shared/languages.ts: "Own properties only: 'constructor' or 'toString' would find
 * Object.prototype's"; test/security/locale-prototype-names.test.ts) but not here.
 *
 * What a merchant suffers: a merchant's backend that explains the NCERROR of a return URL or a
 * DirectLink answer it received (the value is text from the outside) gets `known: true` and a
 * non-string message: `explanation.message.toUpperCase()` throws, `JSON.stringify` silently drops
 * the field, a log line prints the function's source; a garbage code is reported as a known one.
 *
 * NCERROR values are numeric codes (DirectLink guide §3.2 "NCERROR / NCSTATUS"; the platform's
 * published list of codes): anything else is an unknown code.
 *
 * The fix made: shared/ncerror.ts `explainNcError` — look up own properties only
 * (`Object.hasOwn(NCERROR_MESSAGES, key) ? NCERROR_MESSAGES[key] : undefined`). The other tables of
 * shared/ keyed by a string a caller passes are read the same way: the state transitions
 * (`canTransition`, which threw "includes is not a function"), the WebCrypto names of
 * `signWithWebCrypto` (which handed `Object` to WebCrypto as the algorithm), the currency
 * exponents (`formatMinorUnits`, where Intl refuses such a code anyway) and the NCSTATUS
 * categories. STATUS codes, currencies, parameter names and Ogone languages are Maps, Sets or
 * already read own properties only (test/security/locale-prototype-names.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  canTransition,
  currencyExponent,
  explainNcError,
  formatMinorUnits,
  formatMoney,
  nextState,
  signWithWebCrypto,
  statusInfo,
  type HashAlgorithm,
  type PaymentState,
} from '../../shared/index.ts';

const PROTOTYPE_NAMES = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'];

describe('explainNcError on a value naming an Object.prototype member', () => {
  for (const raw of PROTOTYPE_NAMES) {
    it(`"${raw}" is an unknown code with a string message`, () => {
      const explanation = explainNcError(raw);
      assert.ok(explanation, 'a non-empty value is explained');
      assert.equal(typeof explanation.message, 'string', `message is a ${typeof explanation.message}: ${String(explanation.message)}`);
      assert.equal(explanation.known, false, `"${raw}" is reported as a known NCERROR code`);
      assert.equal(explanation.message, `Unknown error code ${raw}`);
      assert.equal(explanation.category, 'other');
    });
  }

  it('a genuine code still reads its message (control)', () => {
    assert.deepEqual(explainNcError('30001001'), {
      code: '30001001',
      message: 'Payment refused by the acquirer',
      category: 'refused',
      known: true,
    });
  });
});

describe('the other lookup tables of shared/ on Object.prototype names', () => {
  it('canTransition: a state named after a prototype member allows no move, and throws nothing', () => {
    for (const name of PROTOTYPE_NAMES) {
      assert.equal(canTransition(name as PaymentState, 'captured'), false, name);
      assert.deepEqual(nextState(name as PaymentState, 9), { state: name, changed: false }, name);
    }
    assert.equal(canTransition('authorized', 'captured'), true, 'control');
  });

  it('signWithWebCrypto: an algorithm named after a prototype member is refused as such', async () => {
    for (const name of PROTOTYPE_NAMES) {
      await assert.rejects(
        signWithWebCrypto({ AMOUNT: '1500' }, { passphrase: 'Mysecretsig1875!?', algorithm: name as HashAlgorithm, direction: 'in' }),
        (error: unknown) => error instanceof TypeError && /algorithm must be one of sha1, sha256, sha512/.test(error.message),
        name,
      );
    }
    // The guide's example ([ADV] §11.1), as a control.
    const digest = await signWithWebCrypto(
      { AMOUNT: '1500', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: '1234', PSPID: 'MyPSPID' },
      { passphrase: 'Mysecretsig1875!?', algorithm: 'sha1', direction: 'in' },
    );
    assert.equal(digest, 'F4CC376CD7A834D997B91598FA747825A238BE0A');
  });

  it('currencies: a prototype name is no currency and has no exponent (guard)', () => {
    for (const name of PROTOTYPE_NAMES) {
      assert.throws(() => currencyExponent(name), RangeError, name);
      assert.throws(() => formatMoney(1999, name, 'en'), RangeError, name);
      assert.throws(() => formatMinorUnits(1999, name, 'en'), RangeError, name);
    }
    assert.equal(currencyExponent('KWD'), 3, 'control');
  });

  it('statuses: a prototype name is no STATUS code (guard)', () => {
    for (const name of PROTOTYPE_NAMES) assert.equal(statusInfo(name as unknown as number), undefined, name);
  });
});
