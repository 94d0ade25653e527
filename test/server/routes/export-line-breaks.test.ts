/**
 * The CSV export (GET /api/transactions/export.csv, server/routes/merchant/export.ts) with a cell
 * holding a lone line feed or carriage return and neither a comma nor a quote. csv-stringify quoted
 * only a cell holding the whole CRLF, so the cell went out as it was: every spreadsheet ends a
 * record at a lone LF or CR, so the row split in two and the text after the break began a new row
 * as a cell starting with "=" — a formula the guard, reading a cell's first character, never saw.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { exportOfNewAttempt, FORMULA_START, parseCsv } from '../../support/csv.ts';

describe('CSV export: a description holding a lone line break', () => {
  const t = useTestApp('sqlite');

  for (const [label, lineBreak] of [
    ['a line feed', '\n'],
    ['a carriage return', '\r'],
  ] as const) {
    it(`${label}: quoted, one row of 15 cells, no cell starting a formula`, async () => {
      // No comma and no double quote, which would have had the cell quoted (OWASP's DDE example).
      const description = `Espresso beans${lineBreak}=cmd|' /C calc'!A0`;
      const text = await exportOfNewAttempt(t, { amount: 1999, currency: 'EUR', description, customer: { id: 'cust_42' } });
      const records = parseCsv(text);
      assert.equal(records.length, 2, `a header and one payment row, got ${records.length} records:\n${JSON.stringify(text)}`);
      for (const record of records) assert.equal(record.length, 15, `every record has 15 cells: ${JSON.stringify(record)}`);
      // Its text after the break neutralised too: a spreadsheet splitting on ';' reads the quote
      // as text and ends the record at the break (review r1030).
      assert.equal(
        records[1]![records[0]!.indexOf('description')],
        `Espresso beans${lineBreak}'=cmd|' /C calc'!A0`,
        'the description whole, in its own cell',
      );
      for (const cell of records.flat()) assert.doesNotMatch(cell, FORMULA_START, `a cell a spreadsheet runs: ${JSON.stringify(cell)}`);
    });
  }
});
