/**
 * `GET /api/transactions/export.csv`: the payments of the current filter (the list's parameters,
 * transaction-filters.ts, without limit or cursor) as CSV, streamed to the end through cursor
 * pages, so memory stays one page whatever the volume (issue 16). The stream pulls the next page
 * only when the client has read the previous one.
 *
 * Cells are written for spreadsheets: a text cell starting with = + - @, a tab or a carriage
 * return gets a leading `'`, so a merchant reference or description chosen by a shopper is never
 * run as a formula (OWASP "CSV injection"). Amounts are given twice: as a decimal in major units
 * (text, exact: "19.99") and as the integer in minor units the API uses.
 */
import type { Context } from 'hono';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { toMajorString } from '../../../shared/money.ts';
import type { AppContext } from '../../app-context.ts';
import { isLivemode } from '../../payments/livemode.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../../repository/types.ts';
import { cardLast4 } from '../../repository/rows.ts';
import { readTransactionQuery, toTransactionFilter, transactionFilterQuery } from './transaction-filters.ts';

export const exportQuery = z.object(transactionFilterQuery);

/** Rows read per database query while streaming. */
export const EXPORT_PAGE_SIZE = 500;

export const EXPORT_COLUMNS = [
  'reference',
  'created_at',
  'state',
  'amount',
  'amount_minor',
  'currency',
  'captured',
  'refunded',
  'customer_id',
  'customer_email',
  'card_brand',
  'card_last4',
  'merchant_reference',
  'description',
  // Last, so that a sheet reading the columns by position still finds the others: whether the
  // payment was made on Ogone's production platform (the test platform's payments stay in the
  // database after the go-live switch, README "Going live").
  'livemode',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A formula after a `;`, a tab or a line break, quotes between them aside: spreadsheets in French,
 * German or Dutch split a CSV line on `;` (a tab when pasted), and a quoted cell's opening quote is
 * then mid-field, not a delimiter — its line break ends the record there, and `;""` opens and
 * closes a field of its own (reviews r1020, r1030).
 */
const FORMULA_AFTER_SEPARATOR = /([;\t\r\n]"*)(?=[=+\-@\t\r])/g;

/** A text cell, or a part of one, a spreadsheet would read as a formula gets a leading apostrophe. */
export function neutraliseFormula(value: string): string {
  const parts = value.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  return FORMULA_START.test(parts) ? `'${parts}` : parts;
}

function exportRow(t: TransactionRecord, session: CheckoutSessionRecord | undefined, livemode: boolean): Array<string | number> {
  return [
    t.reference,
    t.createdAt,
    t.state,
    toMajorString(t.amount, t.currency),
    t.amount,
    t.currency,
    toMajorString(t.capturedAmount, t.currency),
    toMajorString(t.refundedAmount, t.currency),
    t.customerId ?? '',
    session?.customer?.email ?? t.customerEmail ?? '',
    t.brand ?? '',
    cardLast4(t.cardNumber) ?? '',
    session?.merchantReference ?? t.merchantReference ?? '',
    session?.description ?? '',
    String(t.livemode ?? livemode),
  ];
}

function csv(rows: Array<ReadonlyArray<string | number>>): string {
  // csv-stringify quotes a cell holding the whole record delimiter (CRLF), a comma or a quote;
  // a lone LF or CR ends a record for every spreadsheet (RFC 4180 §2.6 asks for quotes), which
  // split the row and began a new one with the text after it — a formula neutraliseFormula,
  // reading the cell's first character, never saw.
  return stringify(rows as Array<Array<string | number>>, {
    cast: { string: neutraliseFormula },
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
}

export function exportTransactionsHandler(ctx: AppContext) {
  // A payment recorded before migration 0023 says nothing: this server's platform, as the API says.
  const live = isLivemode(ctx.config);
  return async (c: Context) => {
    const filter = toTransactionFilter(readTransactionQuery(c, exportQuery));
    const encoder = new TextEncoder();
    let cursor: string | null | undefined;
    let pages = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // A UTF-8 byte order mark, so spreadsheet programs read accented names as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csv([EXPORT_COLUMNS])}`));
      },
      async pull(controller) {
        try {
          const result = await ctx.repository.listTransactionsWithSessions({
            ...filter,
            limit: EXPORT_PAGE_SIZE,
            ...(cursor ? { cursor } : {}),
          });
          pages += 1;
          if (result.items.length > 0)
            controller.enqueue(encoder.encode(csv(result.items.map((i) => exportRow(i.transaction, i.session, live)))));
          cursor = result.nextCursor;
          if (cursor === null) controller.close();
        } catch (error) {
          // Headers are sent: the client sees a cut-off file, and the log says why.
          ctx.logger.error({ err: error, pages }, 'transactions CSV export failed');
          controller.error(error);
        }
      },
    });
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="transactions-${day}.csv"`,
    });
  };
}
