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
 * as a character and still splits on the ";". The text after each ";" must be neutralised too
 * (e.g. `value.replace(/;(?=[=+\-@\t\r])/g, ";'")` beside the first character's check).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { parseCsv } from '../../support/csv.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** CSV as a spreadsheet whose list separator is `separator` reads it: RFC 4180 quoting, that separator. */
function parseWith(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (ch === separator) {
      row.push(field);
      field = '';
      fieldStart = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
    } else {
      field += ch;
      fieldStart = false;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

for (const kind of DATABASE_KINDS) {
  describe(`CSV export read by a ";" spreadsheet on ${kind}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    before(async () => {
      database = await createTestDatabase(kind);
      t = await createTestApp(database);
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    it('a description and a customer id holding ";" start no formula', async () => {
      // Neither a comma nor a double quote: csv-stringify leaves the cells unquoted.
      const description = `Gift for Bob;=cmd|' /C calc'!A0;`;
      const customerId = `cust;@SUM(1+1)*cmd|' /C calc'!A0;`;
      const created = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', description, customer: { id: customerId } },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const session = (await created.json()) as { id: string };
      const attempt = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      assert.ok(attempt.status < 300, await attempt.clone().text());

      const response = await t.api(`/api/transactions/export.csv?session=${session.id}&includeDrafts=true`);
      assert.equal(response.status, 200);
      const text = (await response.text()).replace(/^\uFEFF/, '');

      // As the README promises, read with ",": the cells are whole and none is a formula.
      const records = parseCsv(text);
      assert.equal(records.length, 2, text);
      assert.equal(records[1]!.length, 15, JSON.stringify(records[1]));
      for (const cell of records.flat()) assert.doesNotMatch(cell, FORMULA_START, `","-reader: ${JSON.stringify(cell)}`);

      // As Excel in fr-BE / nl-BE / de-DE opens the file: split on ";".
      const cells = parseWith(text, ';').flat();
      const formulas = cells.filter((cell) => FORMULA_START.test(cell));
      assert.deepEqual(formulas, [], `cells a ";" spreadsheet runs as formulas, from the line ${JSON.stringify(text.split('\r\n')[1])}`);
    });
  });
}
