/**
 * ORDERID's rules, defined once in shared/order-id.ts: the schemas that use them name the field
 * their own way, and the pattern and its complement agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ORDERID_FORBIDDEN, ORDERID_MAX_LENGTH, ORDERID_PATTERN, orderIdRules } from '../../shared/order-id.ts';
import { PARAMETER_MAX_LENGTHS } from '../../shared/parameter-lengths.ts';

test('ORDERID is at most 40 characters, from the parameter table', () => {
  assert.equal(ORDERID_MAX_LENGTH, 40);
  assert.equal(ORDERID_MAX_LENGTH, PARAMETER_MAX_LENGTHS.ORDERID);
});

test("orderIdRules: length first, then the characters, in the caller's words", () => {
  const schema = orderIdRules(z.string(), 'reference');
  assert.equal(schema.safeParse('A'.repeat(40)).success, true);
  assert.equal(schema.safeParse('shop-42_a.b/c:d').success, true);
  const tooLong = schema.safeParse('A'.repeat(41));
  assert.deepEqual(
    tooLong.error?.issues.map((issue) => issue.message),
    ['reference must be at most 40 characters'],
  );
  const badCharacters = schema.safeParse('order #1');
  assert.deepEqual(
    badCharacters.error?.issues.map((issue) => issue.message),
    ['reference may only hold letters, digits and - _ . / :'],
  );
});

test('ORDERID_FORBIDDEN removes exactly what ORDERID_PATTERN refuses', () => {
  for (const text of ['abc-DEF_1.2/3:4', 'a b', 'é', 'x#y?z&', 'ok']) {
    const cleaned = text.replace(ORDERID_FORBIDDEN, '');
    assert.equal(cleaned === text, ORDERID_PATTERN.test(text), text);
    if (cleaned !== '') assert.match(cleaned, ORDERID_PATTERN);
  }
});
