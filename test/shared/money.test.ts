import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currencyExponent, formatMoney, parseFeedbackAmount, toFeedbackAmount, toMajorString, toMinorUnits } from '../../shared/money.ts';

test('ISO 4217 exponents', () => {
  assert.equal(currencyExponent('EUR'), 2);
  assert.equal(currencyExponent('JPY'), 0);
  assert.equal(currencyExponent('KWD'), 3);
  assert.equal(currencyExponent('CLF'), 4);
  assert.throws(() => currencyExponent('EURO'), /not an ISO 4217 currency/);
  assert.throws(() => currencyExponent('eur'), /not an ISO 4217 currency/);
});

test('19.99 becomes 1999, not the 1998 of int(19.99*100)', () => {
  assert.equal(Math.trunc(19.99 * 100), 1998, 'the float pitfall exists');
  assert.equal(toMinorUnits(19.99, 'EUR'), 1999);
  assert.equal(toMinorUnits('19.99', 'EUR'), 1999);
  assert.equal(toMinorUnits(1.005, 'KWD'), 1005);
  assert.equal(toMinorUnits(0.07, 'EUR'), 7);
  assert.equal(toMinorUnits(4.35, 'EUR'), 435);
  assert.equal(toMinorUnits('20', 'JPY'), 20);
});

test('every cent from 0.00 to 99.99 round-trips through a number', () => {
  for (let cents = 0; cents < 10000; cents++) {
    const major = Number(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
    assert.equal(toMinorUnits(major, 'EUR'), cents);
  }
});

test('feedback AMOUNT in major units: "15", "15.5", "15.00"', () => {
  assert.equal(parseFeedbackAmount('15', 'EUR'), 1500);
  assert.equal(parseFeedbackAmount('15.5', 'EUR'), 1550);
  assert.equal(parseFeedbackAmount('15.00', 'EUR'), 1500);
  assert.equal(parseFeedbackAmount('0.01', 'EUR'), 1);
  assert.equal(parseFeedbackAmount('2000', 'JPY'), 2000);
  assert.equal(parseFeedbackAmount('1.234', 'KWD'), 1234);
});

test('too many decimals, signs, exponents and garbage are refused, never rounded', () => {
  assert.throws(() => toMinorUnits('15.505', 'EUR'), /more decimals than EUR allows/);
  assert.throws(() => toMinorUnits('15.5', 'JPY'), /more decimals than JPY allows/);
  assert.equal(toMinorUnits('15.500', 'EUR'), 1550);
  for (const bad of ['-1', '1e3', '1,50', '', ' ', 'abc', '1.2.3', '+1']) {
    assert.throws(() => toMinorUnits(bad, 'EUR'), RangeError, bad);
  }
  assert.throws(() => toMinorUnits(Number.NaN, 'EUR'), RangeError);
  assert.throws(() => toMinorUnits('99999999999999999999', 'EUR'), /too large/);
});

test('minor units to major strings', () => {
  assert.equal(toMajorString(1999, 'EUR'), '19.99');
  assert.equal(toMajorString(5, 'EUR'), '0.05');
  assert.equal(toMajorString(20, 'JPY'), '20');
  assert.equal(toMajorString(1234, 'KWD'), '1.234');
  assert.throws(() => toMajorString(19.5, 'EUR'), /not an amount in minor units/);
  assert.throws(() => toMajorString(-1, 'EUR'), /not an amount in minor units/);
  assert.equal(toFeedbackAmount(1500, 'EUR'), '15');
  assert.equal(toFeedbackAmount(1550, 'EUR'), '15.5');
  assert.equal(toFeedbackAmount(1234, 'EUR'), '12.34');
  assert.equal(toFeedbackAmount(100, 'JPY'), '100');
  assert.equal(toFeedbackAmount(0, 'EUR'), '0');
});

test('people-facing formatting follows locale and currency exponent', () => {
  assert.equal(formatMoney(1999, 'EUR', 'fr-FR').replace(/\s/g, ' '), '19,99 €');
  assert.equal(formatMoney(1999, 'EUR', 'en-US'), '€19.99');
  assert.match(formatMoney(20, 'JPY', 'zh-CN'), /¥20$/);
  assert.equal(formatMoney(1234, 'KWD', 'en-US').replace(/\s/g, ' '), 'KWD 1.234');
  assert.equal(formatMoney(123456789, 'EUR', 'de-DE').replace(/\s/g, ' '), '1.234.567,89 €');
  assert.equal(formatMoney(1999, 'EUR', 'en-US', 'name'), '19.99 euros');
});
