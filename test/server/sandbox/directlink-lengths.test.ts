/**
 * The sandbox's DirectLink new order refuses values longer than the platform's formats, as its
 * hosted page does: Ingenico's DirectLink "Request a new order" formats give CN / EMAIL / COM
 * AN 35 / 50 / 100, OWNERZIP / OWNERTOWN / OWNERCTY / OWNERTELNO AN 10 / 40 / 2 / 30, ALIAS AN 50;
 * the DirectLink guide §7 "Troubleshooting": "<parameter> too long … exceeds the maximum length",
 * and §3.3: STATUS "0 - Invalid or incomplete", NCSTATUS "5". It checked ORDERID and CURRENCY
 * only, and charged an EMAIL of 51 characters (review r1090): a signer change letting such a
 * value through would have passed every sandbox test and been refused by a real account.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { cardOrder, directLink } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

/** One character past each documented maximum ([ING-DL] "Request a new order"). */
const TOO_LONG: ReadonlyArray<readonly [string, string]> = [
  ['EMAIL', `${'a'.repeat(39)}@example.com`], // 51 > AN 50
  ['COM', 'c'.repeat(101)], // 101 > AN 100
  ['OWNERZIP', '12345678901'], // 11 > AN 10
  ['OWNERTOWN', 't'.repeat(41)], // 41 > AN 40
  ['OWNERTELNO', '0'.repeat(31)], // 31 > AN 30
  ['ALIAS', `A${'b'.repeat(50)}`], // 51 > AN 50
];

describe('sandbox orderdirect: documented maximum lengths', () => {
  for (const [name, value] of TOO_LONG) {
    it(`${name} of ${value.length} characters is refused: STATUS 0, NCSTATUS 5, "${name} too long"`, async () => {
      const answer = await directLink(running.url, 'orderdirect', cardOrder({ [name]: value }));
      // DirectLink guide §3.3: 0 "Invalid or incomplete", NCERROR 500…, NCSTATUS 5; §7 "<parameter> too long".
      assert.deepEqual(
        { STATUS: answer.STATUS, NCSTATUS: answer.NCSTATUS, tooLong: new RegExp(`${name} too long`, 'i').test(answer.NCERRORPLUS ?? '') },
        { STATUS: '0', NCSTATUS: '5', tooLong: true },
      );
    });
  }
});
