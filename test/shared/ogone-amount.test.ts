/**
 * Ogone's AMOUNT is the amount × 100 for every currency (docs/ogone-protocol.md §2; e-Commerce
 * Advanced guide, AMOUNT "MULTIPLIED BY 100"; DirectLink guide §3.1.2). Expected values are the
 * guide's wire values, written out literally: ¥1,500 → 150000, €19.99 → 1999, 1.230 KWD → 123.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isOgoneAmount,
  maxOgoneMinorAmount,
  ogoneAmountProblem,
  ogoneAmountStep,
  parseFeedbackAmount,
  toOgoneAmount,
} from '../../shared/money.ts';
import { createButtonSchema, createCheckoutSessionSchema } from '../../shared/schemas/api.ts';

test('minor units become AMOUNT = major × 100 for 0-, 2-, 3- and 4-decimal currencies', () => {
  assert.equal(toOgoneAmount(1500, 'JPY'), '150000', '¥1,500');
  assert.equal(toOgoneAmount(1, 'JPY'), '100', '¥1');
  assert.equal(toOgoneAmount(1999, 'EUR'), '1999', '€19.99');
  assert.equal(toOgoneAmount(1500, 'EUR'), '1500', "€15.00, the guide's own example");
  assert.equal(toOgoneAmount(1, 'EUR'), '1', '€0.01');
  assert.equal(toOgoneAmount(1230, 'KWD'), '123', '1.230 KWD');
  assert.equal(toOgoneAmount(10, 'KWD'), '1', '0.010 KWD');
  assert.equal(toOgoneAmount(100000, 'KWD'), '10000', '100.000 KWD');
  assert.equal(toOgoneAmount(12300, 'CLF'), '123', '1.2300 CLF');
  assert.equal(toOgoneAmount(250, 'ISK'), '25000', 'ISK 250 (no decimals)');
});

test('an amount whose × 100 leaves a fraction cannot be sent, and the message names the step', () => {
  assert.equal(ogoneAmountStep('JPY'), 1);
  assert.equal(ogoneAmountStep('EUR'), 1);
  assert.equal(ogoneAmountStep('KWD'), 10);
  assert.equal(ogoneAmountStep('CLF'), 100);
  assert.equal(isOgoneAmount(1234, 'KWD'), false);
  assert.equal(isOgoneAmount(1230, 'KWD'), true);
  assert.equal(ogoneAmountProblem(1234, 'KWD'), "amount must be a multiple of 10 for KWD (0.010 KWD), Ogone's AMOUNT is the amount × 100");
  assert.throws(() => toOgoneAmount(1234, 'KWD'), { name: 'RangeError', message: /multiple of 10 for KWD \(0\.010 KWD\)/ });
  assert.throws(() => toOgoneAmount(12301, 'CLF'), /multiple of 100 for CLF \(0\.0100 CLF\)/);
  for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53]) assert.throws(() => toOgoneAmount(bad, 'EUR'), RangeError, String(bad));
  assert.throws(() => toOgoneAmount(100, 'EURO'), /not an ISO 4217 currency/);
});

test('the 15-digit limit applies to the AMOUNT sent, not to the minor units', () => {
  assert.equal(toOgoneAmount(9_999_999_999_999, 'JPY'), '999999999999900');
  assert.equal(maxOgoneMinorAmount('JPY'), 9_999_999_999_999);
  assert.match(ogoneAmountProblem(10_000_000_000_000, 'JPY') ?? '', /at most 9999999999999 for JPY.*15 digits/);
  assert.equal(toOgoneAmount(999_999_999_999_999, 'EUR'), '999999999999999');
  assert.match(ogoneAmountProblem(1_000_000_000_000_000, 'EUR') ?? '', /at most 999999999999999 for EUR/);
  // KWD: 16 minor digits still fit in 15 AMOUNT digits (below 2^53).
  assert.equal(toOgoneAmount(1_000_000_000_000_000, 'KWD'), '100000000000000');
});

test('what Ogone sends back (major units) compares exactly with the stored minor amount', () => {
  assert.equal(parseFeedbackAmount('1500', 'JPY'), 1500);
  assert.equal(parseFeedbackAmount('19.99', 'EUR'), 1999);
  assert.equal(parseFeedbackAmount('15', 'EUR'), 1500);
  assert.equal(parseFeedbackAmount('15.5', 'EUR'), 1550);
  assert.equal(parseFeedbackAmount('1.23', 'KWD'), 1230);
  assert.equal(parseFeedbackAmount('1.230', 'KWD'), 1230);
  assert.notEqual(parseFeedbackAmount('15', 'JPY'), 1500, "¥15 is not ¥1,500: the old bug's answer does not match");
  assert.throws(() => parseFeedbackAmount('1500.5', 'JPY'), /more decimals than JPY allows/);
});

test('merchant API schemas refuse amounts Ogone cannot carry, naming amount', () => {
  const refused = createCheckoutSessionSchema.safeParse({ amount: 1234, currency: 'KWD' });
  assert.equal(refused.success, false);
  assert.deepEqual(
    refused.error?.issues.map((i) => [i.path.join('.'), i.message]),
    [['amount', "amount must be a multiple of 10 for KWD (0.010 KWD), Ogone's AMOUNT is the amount × 100"]],
  );
  assert.equal(createCheckoutSessionSchema.safeParse({ amount: 1230, currency: 'KWD' }).success, true);
  assert.equal(createCheckoutSessionSchema.safeParse({ amount: 1500, currency: 'JPY' }).success, true);
  const tooLong = createButtonSchema.safeParse({ name: 'Yen', amount: 10_000_000_000_000, currency: 'JPY' });
  assert.equal(tooLong.error?.issues[0]?.path.join('.'), 'amount');
  // A bad currency is named alone: the amount check waits for a currency it can use.
  const badCurrency = createCheckoutSessionSchema.safeParse({ amount: 1234, currency: 'XYZ' });
  assert.deepEqual(
    badCurrency.error?.issues.map((i) => i.path.join('.')),
    ['currency'],
  );
});
