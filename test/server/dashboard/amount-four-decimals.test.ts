/**
 * Review r1210 of 8407139 "Dashboard: '1,500' in a three-decimal currency is refused, not guessed".
 *
 * The amount box (server/dashboard/client/amount-input.ts, run by the refund/capture dialog)
 * refuses what a thousands separator may have written: "1,000" EUR or yen is refused ("a
 * thousands separator read as a decimal one … Refused, not guessed"), and 8407139 added the same
 * refusal for "1,500" in three-decimal currencies. The rule it wrote tested `exponent === 3` only:
 * in the four-decimal currencies shared/money.ts knows (CLF, UYW — "CLF and UYW: 4") the very
 * same keystrokes "1,000" / "1,500" — one thousand, one thousand five hundred as a thousands comma
 * writes them — were still read as 1.0000 / 1.5000: a refund or capture of a thousandth of what
 * was meant, confirmed in the wrong amount. Now refused, like "1,500" KWD.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readAmount } from '../../../server/dashboard/client/amount-input.ts';

describe('the dashboard amount box, four-decimal currencies', () => {
  for (const currency of ['CLF', 'UYW']) {
    for (const typed of ['1,000', '1,500']) {
      it(`refuses "${typed}" in ${currency} rather than reading a thousands comma as a decimal one`, () => {
        // 2,000.0000 left: both readings are allowed amounts, so only the parse decides.
        const read = readAmount(typed, currency, 20_000_000, 'refund');
        assert.equal(
          read.ok,
          false,
          `"${typed}" ${currency} was read as ${JSON.stringify(read)}: a refund of a thousandth of ${typed} ${currency}`,
        );
      });
    }
  }
});
