/**
 * An amount typed with a thousands comma in a three-decimal currency (KWD, BHD, JOD,
 * OMR, TND, IQD, LYD).
 *
 * The dashboard's amount box (server/dashboard/client/amount-input.ts, the module the refund /
 * capture dialog runs) reads one comma and no dot as a decimal comma, and refuses what a thousands
 * separator may have written: "1,000" EUR and "1,000" JPY are refused — "a thousands separator
 * read as a decimal one … Refused, not guessed". In a currency with three decimals the very same
 * keystrokes are guessed: "1,500" KWD — one thousand five hundred dinars as en-KW, en-US and the
 * Gulf's banks write it (Intl: 1,500.000 KWD) — was read as 1.500 KWD, a thousandth of it, and
 * confirmed as "Refund KWD 1.500" (review r1190). The merchant who meant to give back 1,500 dinars gives back
 * 1.5, the shopper is told a refund was made; a capture of "2,000" captures 2 dinars of an
 * authorisation of thousands. A comma followed by exactly three digits is ambiguous in exactly
 * these currencies and must be refused like "1,000" yen, never guessed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readAmount } from '../../../server/dashboard/client/amount-input.ts';

describe('the dashboard amount box, three-decimal currencies', () => {
  it('refuses "1,000" in EUR and JPY (the rule)', () => {
    assert.equal(readAmount('1,000', 'EUR', 1_000_000, 'refund').ok, false);
    assert.equal(readAmount('1,000', 'JPY', 1_000_000, 'refund').ok, false);
  });

  for (const currency of ['KWD', 'BHD', 'JOD', 'OMR', 'TND']) {
    it(`refuses "1,500" in ${currency} rather than reading it as 1.500`, () => {
      // 2,000.000 left to refund: both readings are allowed amounts, so only the parse decides.
      const read = readAmount('1,500', currency, 2_000_000, 'refund');
      assert.equal(
        read.ok,
        false,
        `"1,500" ${currency} (1,500 as a thousands comma writes it) was read as ${JSON.stringify(read)}: a refund of 1.500 ${currency}`,
      );
    });
  }

  it('still reads an unambiguous decimal comma ("1,5" KWD is 1.500)', () => {
    assert.deepEqual(readAmount('1,5', 'KWD', 2_000_000, 'refund'), { ok: true, minor: 1500 });
  });
});
