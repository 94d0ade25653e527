import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';

/**
 * CSV as spreadsheet programs read it (RFC 4180): quoted fields may hold commas, quotes and line
 * breaks; outside quotes a CRLF, a CR or an LF ends a record — so a line break the writer left
 * unquoted shows as a split row.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * CSV as a spreadsheet whose list separator is `separator` reads it (Excel or LibreOffice in
 * French, German or Dutch split on ";"): a quote opens a quoted field only at a field's start, and
 * is a character anywhere else.
 */
export function parseCsvAs(text: string, separator: string): string[][] {
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
    } else if (ch === separator || ch === '\r' || ch === '\n') {
      row.push(field);
      field = '';
      fieldStart = true;
      if (ch !== separator) {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        rows.push(row);
        row = [];
      }
    } else {
      field += ch;
      fieldStart = false;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The first character of a cell a spreadsheet runs as a formula (server/routes/merchant/export.ts). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A new session's attempt (a draft) exported alone: `GET /api/transactions/export.csv` of that
 * session, its text without the byte order mark.
 */
export async function exportOfNewAttempt(
  t: Pick<TestApp, 'api' | 'app'>,
  session: { amount: number; currency: string; description?: string; customer: { id: string } },
): Promise<string> {
  const created = await t.api('/api/checkout-sessions', { method: 'POST', json: session });
  assert.equal(created.status, 201, await created.clone().text());
  const { id } = (await created.json()) as { id: string };
  const attempt = await t.app.request(`/checkout/sessions/${id}/attempts`, {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json' },
  });
  assert.ok(attempt.status < 300, await attempt.clone().text());
  const response = await t.api(`/api/transactions/export.csv?session=${id}&includeDrafts=true`);
  assert.equal(response.status, 200);
  return (await response.text()).replace(/^\uFEFF/, '');
}
