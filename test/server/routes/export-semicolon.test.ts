/**
 * Review r1020: CSV injection through the field separator of European spreadsheets.
 *
 * README: in the export "a cell starting with = + - @, tab or CR gets a leading ' so no spreadsheet
 * runs it". server/routes/merchant/export.ts `neutraliseFormula` reads a cell's first character
 * only, and csv-stringify quotes a cell only for a comma, a quote or a line break. Excel and
 * LibreOffice in the locales whose list separator is ";" — French, Belgian, Dutch, German: Ogone's
 * merchants — open a .csv splitting its lines on ";". A description (or customer id) such as
 * `Gift;=cmd|' /C calc'!A0;` holds neither a comma nor a quote, so it goes out unquoted, and such a
 * spreadsheet reads `=cmd|' /C calc'!A0` as a cell of its own: a formula (OWASP "CSV Injection":
 * "it is not sufficient to make sure that the untrusted user input does not start with these
 * characters. You also need to take care of the field separator (e.g., ',', or ';') …").
 * Expected: no cell, read with "," or with ";" as the separator, starts a formula. Quoting the
 * cell is not enough: its opening quote follows a "," — mid-field for a ";"-reader, which takes it
 * as a character and still splits on the ";". The text after each ";" must be neutralised too.
 *
 * Review r1030 found two more: such a reader takes a quoted cell's opening quote for a character,
 * so a line break inside the quoted description ends the record there and the text after it
 * starts a row; and after `;"` (the quote doubled by csv-stringify) it opens and closes a quoted
 * field and keeps the formula after them as the cell.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { exportOfNewAttempt, FORMULA_START, parseCsv, parseCsvAs } from '../../support/csv.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`CSV export read by a ";" spreadsheet on ${kind}`, () => {
    const t = useTestApp(kind);

    it('a description and a customer id holding ";" start no formula', async () => {
      // Neither a comma nor a double quote: csv-stringify leaves the cells unquoted.
      const description = `Gift for Bob;=cmd|' /C calc'!A0;`;
      const customerId = `cust;@SUM(1+1)*cmd|' /C calc'!A0;`;
      const text = await exportOfNewAttempt(t, { amount: 1999, currency: 'EUR', description, customer: { id: customerId } });

      // As the README promises, read with ",": the cells are whole and none is a formula.
      const records = parseCsv(text);
      assert.equal(records.length, 2, text);
      assert.equal(records[1]!.length, 15, JSON.stringify(records[1]));
      for (const cell of records.flat()) assert.doesNotMatch(cell, FORMULA_START, `","-reader: ${JSON.stringify(cell)}`);

      // As Excel in fr-BE / nl-BE / de-DE opens the file: split on ";".
      const formulas = parseCsvAs(text, ';')
        .flat()
        .filter((cell) => FORMULA_START.test(cell));
      assert.deepEqual(formulas, [], `cells a ";" spreadsheet runs as formulas, from the line ${JSON.stringify(text.split('\r\n')[1])}`);
    });

    for (const [label, description] of [
      ['a line feed', `Espresso beans\n=cmd|' /C calc'!A0`],
      ['a carriage return', `Espresso beans\r=cmd|' /C calc'!A0`],
      ['a double quote after ";"', `Gift;"=1+1;`],
    ] as const) {
      it(`${label} then "=": no cell a ";" reader runs`, async () => {
        const text = await exportOfNewAttempt(t, { amount: 1999, currency: 'EUR', description, customer: { id: 'cust_42' } });
        const formulas = parseCsvAs(text, ';')
          .flat()
          .filter((cell) => FORMULA_START.test(cell));
        assert.deepEqual(formulas, [], `cells a ";" spreadsheet runs as formulas: ${JSON.stringify(text)}`);
      });
    }
  });
}
