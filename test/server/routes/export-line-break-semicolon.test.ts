/**
 * Review r1030 (d35bb08): a ";"-spreadsheet takes a quoted cell's opening quote (after a ",") as a
 * character, so a line break inside the quoted description ends its record there, and the text
 * after the break starts a new row: `=cmd...` is a formula cell. neutraliseFormula neutralises a
 * formula after ";" or a tab only, not after a line feed or carriage return. Nor after `;"`: the
 * double quote is doubled by csv-stringify, and the ";" reader opens a quoted field on the first
 * quote, closes it on the second and keeps the formula after them as the cell.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

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

describe('CSV export: a line break then a formula, read by a ";" spreadsheet', () => {
  let database: TestDatabase;
  let t: TestApp;
  before(async () => {
    database = await createTestDatabase('sqlite');
    t = await createTestApp(database);
  });
  after(async () => {
    await t?.close();
    await database?.drop();
  });

  for (const [label, description] of [
    ['a line feed', `Espresso beans\n=cmd|' /C calc'!A0`],
    ['a carriage return', `Espresso beans\r=cmd|' /C calc'!A0`],
    // After ";", a double quote: csv-stringify doubles it, and the ";" reader opens a quoted field
    // on the first, closes it on the second, and keeps `=1+1` — neutraliseFormula looked for
    // "=" right after the ";" only.
    ['a double quote after ";"', `Gift;"=1+1;`],
  ] as const) {
    it(`${label} then "=": no cell a ";" reader runs`, async () => {
      const created = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', description, customer: { id: 'cust_42' } },
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
      const cells = parseWith(text, ';').flat();
      const formulas = cells.filter((cell) => FORMULA_START.test(cell));
      assert.deepEqual(formulas, [], `cells a ";" spreadsheet runs as formulas: ${JSON.stringify(text)}`);
    });
  }
});
