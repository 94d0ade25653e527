/**
 * Fills a migrated database with payments as a merchant accumulates them over two years (issue 17,
 * "growth with data"), generated inside the database — one INSERT … SELECT per table over a
 * recursive CTE (SQLite) or generate_series (PostgreSQL) — so a million payments take a minute,
 * not an hour of round trips.
 *
 * Payment i of a data set of `total` is created at i × two years ÷ total, and the rows go in in
 * that order, as production appends them: a payment, its session, its feedback rows and its event
 * are written when it happens, and their ids are time-ordered (server/ids.ts). So the newest
 * payments sit in the table's last pages, next to each other, as on a merchant's database, and a
 * page a year back is one run of adjacent pages. Each size is seeded from empty into a database
 * of its own: 10 k payments span the same two years as 1 M, only sparser, so a measure at 10 k and
 * at 1 M reads the same kind of data. (Payment i used to be created at (i × 999,983) mod total,
 * the large set seeded on top of the small one: with total 1 M, 999,983 ≡ −17, so the 10 k set
 * held the last four months, appended newest first, and one older payment — the cursor a year back
 * read one row at 10 k and 50 at 1 M — and at 1 M the newest 50 were pages scattered over the
 * table, as no server writes them.)
 *
 * Each payment has its session; most were paid (one feedback log row — the server's, with the
 * browser's copy counted on it — one webhook event delivered in one attempt); a few are unresolved, in draft, flagged
 * for a person, or waiting for delivery; one in twenty saved a card (an alias); customers come back:
 * one customer per CUSTOMER_PAYMENTS payments, so a returning customer's history (what a search by
 * e-mail returns) is as long at 10 k as at 1 M, and the two sizes compare the lookup, not the
 * answer's length (a fixed pool of 50,000 gave customer 42 one payment at 10 k and 20 at 1 M);
 * 20 events wait for delivery (the 20 oldest payments', at every size). The reconciler's backlog
 * is the same size at every size too: the newest DUE_BACKLOG payments are unresolved, drafts, or
 * captured with an operation in flight, and every older unresolved payment or draft has been
 * flagged for a person. A merchant's backlog follows this week's traffic, not the history's length;
 * one in a hundred payments due at every age gave 11 due at 10 k and about 850 at 1 M, and the
 * selection's row compared answers of different lengths.
 *
 * Each row is as long as the server writes it, never shorter (issue 17, "bytes per payment"): ids
 * of newId's length (prefix, 26 characters, time-ordered: ids.ts), ORDERIDs of newOrderId's
 * shortest (the merchant reference, `-`, 8 characters: payments/reference.ts), the feedback's
 * SHA-OUT parameters as Ogone sends them (ORDERID and STATUS left to the row's reference and
 * status columns, as the server stores them: repository/feedback-params.ts; packed as the server
 * packs them: packSeededFeedback) and the webhook
 * event's payment object as transactionView writes it (payments/views.ts). A feedback row never
 * repeated keeps last_received_at null, as the server leaves it (repository/mutate-transaction.ts).
 */
import { sql, type Kysely } from 'kysely';
import { pgIsoText } from '../server/db/connect.ts';
import { packFeedbackParams } from '../server/repository/feedback-params-packing.ts';

export const TWO_YEARS_S = 2 * 365 * 86_400;
/** The end of the seeded period: the benchmark's clock. */
export const SEED_END = new Date('2026-11-30T12:00:00.000Z');
const START_S = SEED_END.getTime() / 1000 - TWO_YEARS_S;
/**
 * The reconciler's backlog at every size (see the header): more than the 50 its selection reads a
 * round, drafts younger than ten minutes (not yet due) included.
 */
export const DUE_BACKLOG = 90;
/** Payments per customer over the two years, at every size (see the header). */
export const CUSTOMER_PAYMENTS = 20;

export type SeedDialect = 'sqlite' | 'postgres';

/** On SQLite, a time `seconds` into the two years as ISO-8601 text: its timestamp columns, and the text inside JSON. */
const sqliteIsoText = (seconds: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${START_S} + (${seconds}), 'unixepoch')`;

/** SQL fragments that differ between the two databases. */
function dialectOf(dialect: SeedDialect) {
  return dialect === 'sqlite'
    ? {
        series: (from: number, to: number) => `with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to - 1})`,
        timestamp: sqliteIsoText,
        isoText: sqliteIsoText,
        pad: (value: string, width: number) => `printf('%0${width}d', ${value})`,
      }
    : {
        series: (from: number, to: number) => `with n(i) as (select generate_series(${from}::bigint, ${to - 1}::bigint))`,
        // A column's value: timestamptz since migration 0029.
        timestamp: (seconds: string) => `to_timestamp(${START_S} + (${seconds}))`,
        isoText: (seconds: string) => pgIsoText(`to_timestamp(${START_S} + (${seconds}))`),
        pad: (value: string, width: number) => `lpad((${value})::text, ${width}, '0')`,
      };
}

/**
 * Adds payments [from, to) of a data set that will hold `total` in the end, in time order: call it
 * with consecutive ranges from 0, as time goes.
 */
export async function seedPayments(db: Kysely<any>, dialect: SeedDialect, from: number, to: number, total: number): Promise<void> {
  const d = dialectOf(dialect);
  const CUSTOMERS = Math.max(1, Math.floor(total / CUSTOMER_PAYMENTS));
  // Seconds into the two years (in payment order, as time goes), then the payment's kind (its
  // last two decimal digits).
  const at = `(i * ${TWO_YEARS_S} / ${total})`;
  // The reconciler's backlog is the newest DUE_BACKLOG payments at every size (see the header):
  // unresolved, drafts and captured with an operation in flight in turn.
  const due = `(i >= ${total - DUE_BACKLOG})`;
  const k = `(case when ${due} then 95 + i % 3 else i % 100 end)`;
  const created = d.timestamp(at);
  const updated = d.timestamp(`${at} + 5`);
  const reference = `'OCB' || ${d.pad('i', 9)} || '-' || ${d.pad('(i * 7919) % 100000000', 8)}`;
  // newId's shape: the time first (here the seconds into the two years), then 16 more characters.
  const id = (prefix: string, seconds = at) => `'${prefix}_' || ${d.pad(seconds, 10)} || ${d.pad('i', 16)}`;
  const session = id('cs');
  const customer = `'cust_' || (i % ${CUSTOMERS})`;
  const email = `'shopper' || (i % ${CUSTOMERS}) || '@example.com'`;
  const last4 = d.pad('(i * 7) % 10000', 4);
  const amount = `(500 + (i * 37) % 20000)`;
  const currency = `case when i % 10 = 0 then 'USD' else 'EUR' end`;
  // 0–64 captured, 65–72 authorized, 73–80 declined, 81–85 cancelled, 86–88 refunded, 89
  // partially refunded, 90–93 expired, 94 error, 95 unresolved and 96 draft (flagged for a person,
  // unless in the backlog), 97 captured (with an operation in flight, syncNeeded, in the backlog),
  // 98–99 captured.
  const state = `case when ${k} < 65 then 'captured' when ${k} < 73 then 'authorized' when ${k} < 81 then 'declined'
    when ${k} < 86 then 'cancelled' when ${k} < 89 then 'refunded' when ${k} = 89 then 'partially_refunded'
    when ${k} < 94 then 'expired' when ${k} = 94 then 'error' when ${k} = 95 then 'pending' when ${k} = 96 then 'draft'
    else 'captured' end`;
  const status = `case when ${k} < 65 then 9 when ${k} < 73 then 5 when ${k} < 81 then 2 when ${k} < 86 then 6
    when ${k} < 90 then 8 when ${k} < 94 then null when ${k} = 94 then 0 when ${k} = 95 then 51 when ${k} = 96 then null
    else 9 end`;
  const meaning = `case when ${k} < 65 then 'Payment requested' when ${k} < 73 then 'Authorised'
    when ${k} < 81 then 'Authorisation refused' when ${k} < 86 then 'Authorised and cancelled' when ${k} < 90 then 'Refund'
    when ${k} = 94 then 'Invalid or incomplete' when ${k} = 95 then 'Authorisation waiting' else 'Payment requested' end`;
  const ncError = `case when ${k} >= 73 and ${k} < 81 then '30001001' else '0' end`;
  const ncMessage = `case when ${k} >= 73 and ${k} < 81 then 'Payment refused by the acquirer' else 'No error' end`;
  const sent = `(${k} < 90 or ${k} = 94 or ${k} = 95 or ${k} > 96)`;
  const captured = `case when ${k} < 65 or (${k} >= 86 and ${k} < 90) or ${k} > 96 then ${amount} else 0 end`;
  const refunded = `case when ${k} >= 86 and ${k} < 89 then ${amount} when ${k} = 89 then ${amount} / 2 else 0 end`;
  const flagged = `case when (${k} = 95 or ${k} = 96) and not ${due} then 1 else 0 end`;
  const syncNeeded = `case when ${k} = 97 and ${due} then 1 else 0 end`;
  const paid = `(${k} < 73 or (${k} >= 86 and ${k} < 90) or ${k} > 96)`;

  await sql
    .raw(
      `${d.series(from, to)}
      insert into checkout_sessions (id, button_id, amount, currency, merchant_reference, description, customer_id,
        customer_json, locale, save_card, success_url, failure_url, metadata_json, quantity, status, paid_reference,
        expires_at, created_at, mode)
      select ${session}, null, ${amount}, ${currency}, 'order-' || i, 'Order ' || i || ' at the demo shop', ${customer},
        '{"id":"' || ${customer} || '","name":"Shopper ' || (i % ${CUSTOMERS}) || '","email":"' || ${email} || '"}',
        'fr-BE', 'optional', 'https://shop.example/ok', 'https://shop.example/ko', '{"cart":"' || i || '"}', 1,
        case when ${paid} then 'paid' else 'open' end, case when ${paid} then ${reference} else null end,
        ${d.timestamp(`${at} + 86400`)}, ${created}, 'payment'
      from n`,
    )
    .execute(db);
  await sql
    .raw(
      `${d.series(from, to)}
      insert into transactions (reference, session_id, amount, currency, captured_amount, refunded_amount, state,
        last_status, payid, pm, brand, card_number, expiry, card_holder, nc_error, trx_date, amount_mismatch,
        alias_request, customer_id, operation, locale, created_at, updated_at, alias_id, sync_needed, sync_lease_until,
        needs_attention, duplicate_of, merchant_reference, customer_email, card_last4)
      select ${reference}, ${session}, ${amount}, ${currency}, ${captured}, ${refunded}, ${state}, ${status},
        case when ${sent} then '' || (30000000 + i) else null end, case when ${sent} then 'CreditCard' else null end,
        case when ${sent} then (case when i % 3 = 0 then 'MasterCard' else 'VISA' end) else null end,
        case when ${sent} then 'XXXXXXXXXXXX' || ${last4} else null end, case when ${sent} then '1229' else null end,
        case when ${sent} then 'Shopper ' || (i % ${CUSTOMERS}) else null end,
        case when ${k} >= 73 and ${k} < 81 then '30001001' when ${sent} then '0' else null end,
        case when ${sent} then '11/23/26' else null end, 0, null, ${customer}, 'SAL', 'fr-BE', ${created}, ${updated},
        null, ${syncNeeded}, null, ${flagged}, null, 'order-' || i, ${email}, case when ${sent} then ${last4} else null end
      from n`,
    )
    .execute(db);
  // The bounded log (issue 13): the server's feedback (5 s after the payment) is the applied row;
  // the browser's exact copy of it (6 s) is counted on that row, not logged as one of its own
  // (migration 0013, repository/mutate-transaction.ts).
  await sql
    .raw(
      `${d.series(from, to)}
      insert into feedback_log (id, reference, received_at, channel, status, outcome, params_json, params_hash,
        repeat_count, last_received_at, redacted_at, copy_count, copy_received_at)
      select ${id('fb', `${at} + 5`)}, ${reference}, ${updated}, 'server', ${status}, 'applied',
        '{"ACCEPTANCE":"test123","AMOUNT":"' || (${amount} / 100) || '.' || ${d.pad(`${amount} % 100`, 2)} || '","BRAND":"VISA","CARDNO":"XXXXXXXXXXXX' || ${last4} || '","CN":"Shopper ' || (i % ${CUSTOMERS}) || '","CURRENCY":"EUR","ED":"1229","IP":"192.0.2.1","NCERROR":"' || ${ncError} || '","PAYID":"' || (30000000 + i) || '","PM":"CreditCard","TRXDATE":"11/23/26"}',
        ${d.pad('i', 32)}, 0, null, null, 1, ${d.timestamp(`${at} + 6`)}
      from n where ${sent}`,
    )
    .execute(db);
  await packSeededFeedback(db, from, to);
  // Ids are time-ordered in production (ids.ts): here the seconds into the two years lead.
  const eventId = id('evt');
  // A backlog of the same 20 events at every size (the 20 oldest payments'):
  // the outbox's claim then costs the same work at 10 k and at 1 M, unless the table's size matters.
  const pending = 'i < 20';
  await sql
    .raw(
      `${d.series(from, to)}
      insert into webhook_events (id, type, reference, data_json, created_at, status, attempts, next_attempt_at, delivered_at, last_error)
      select ${eventId},
        case when ${k} = 95 and not ${due} then 'payment.needs_attention' when ${k} = 94 then 'payment.error'
          else 'payment.' || ${state} end,
        ${reference},
        '{"reference":"' || ${reference} || '","sessionId":"' || ${session} || '","state":"' || ${state} || '","amount":' || ${amount} || ',"currency":"' || ${currency} || '","capturedAmount":' || ${captured} || ',"refundedAmount":' || ${refunded} || ',"status":' || coalesce(${status}, 0) || ',"statusMeaning":"' || ${meaning} || '","payid":"' || (30000000 + i) || '","paymentMethod":"CreditCard","brand":"' || (case when i % 3 = 0 then 'MasterCard' else 'VISA' end) || '","cardNumber":"XXXXXXXXXXXX' || ${last4} || '","expiry":"1229","cardHolder":"Shopper ' || (i % ${CUSTOMERS}) || '","ncError":"' || ${ncError} || '","ncErrorMessage":"' || ${ncMessage} || '","trxDate":"11/23/26","amountMismatch":false,"needsAttention":false,"duplicateOf":null,"saveCard":false,"customerId":"' || ${customer} || '","operation":"SAL","merchantReference":"order-' || i || '","metadata":{"cart":"' || i || '"},"createdAt":"' || ${d.isoText(at)} || '","updatedAt":"' || ${d.isoText(`${at} + 5`)} || '"}',
        ${updated}, case when ${pending} then 'pending' else 'delivered' end, case when ${pending} then 0 else 1 end,
        ${updated}, case when ${pending} then null else ${updated} end, null
      from n where ${sent}`,
    )
    .execute(db);
  await sql
    .raw(
      `${d.series(from, to)}
      insert into webhook_attempts (id, event_id, attempted_at, status_code, error, ok)
      select ${id('att')}, ${eventId}, ${updated}, 200, null, 1
      from n where ${sent} and not ${pending}`,
    )
    .execute(db);
  await sql
    .raw(
      `${d.series(from, to)}
      insert into aliases (id, customer_id, alias, brand, card_number, last4, expiry, card_holder, reference, created_at, deleted_at)
      select ${id('alias')}, ${customer}, 'ALIAS' || ${d.pad('i', 9)}, 'VISA', 'XXXXXXXXXXXX' || ${last4},
        ${last4}, '1229', 'Shopper ' || (i % ${CUSTOMERS}), ${reference}, ${created}, null
      from n where i % 20 = 0 and ${k} < 65`,
    )
    .execute(db);
}

/** Payments per INSERT round (one transaction on SQLite): the WAL stays a few hundred MB, not the whole set. */
const SEED_BATCH = 100_000;

/** Rows inserted per statement by packSeededFeedback (PostgreSQL takes at most 65,535 parameters). */
const PACK_BATCH = 1_000;

/**
 * The feedback rows of payments [from, to) stored as the server stores them since migration 0028:
 * CN, EMAIL and IP as JSON, the rest packed (repository/feedback-params-packing.ts, the server's
 * own function). DEFLATE has no SQL, so the rows written above are read back, deleted and written
 * again packed, in key order: as the server appends them, not rewritten in place (a row shrunk in
 * place leaves its page part empty, which no server's log has). ORDERIDs sort as the payments' numbers.
 */
async function packSeededFeedback(db: Kysely<any>, from: number, to: number): Promise<void> {
  const bound = (i: number) => `OCB${String(i).padStart(9, '0')}`;
  const range = <Q extends { where: (...args: any[]) => Q }>(q: Q) =>
    q.where('reference', '>=', bound(from)).where('reference', '<', bound(to));
  const rows = (await range(db.selectFrom('feedback_log').selectAll())
    .orderBy('reference')
    .orderBy('channel')
    .orderBy('params_hash')
    .execute()) as Array<Record<string, unknown> & { params_json: string }>;
  await range(db.deleteFrom('feedback_log')).execute();
  for (let start = 0; start < rows.length; start += PACK_BATCH) {
    const chunk = rows.slice(start, start + PACK_BATCH).map(({ params_json, ...row }) => {
      const { paramsJson, paramsPacked } = packFeedbackParams(JSON.parse(params_json) as Record<string, string>);
      return { ...row, params_json: paramsJson, params_packed: paramsPacked };
    });
    await db.insertInto('feedback_log').values(chunk).execute();
  }
}

/**
 * Seeds a data set of `total` payments into an empty, migrated database, oldest first: on SQLite
 * one transaction per SEED_BATCH payments, each checkpointed at its COMMIT as the server's WAL is.
 */
export async function seedDataSet(db: Kysely<any>, dialect: SeedDialect, total: number): Promise<void> {
  for (let from = 0; from < total; from += SEED_BATCH) {
    const to = Math.min(total, from + SEED_BATCH);
    if (dialect === 'sqlite') await db.transaction().execute((trx) => seedPayments(trx, dialect, from, to, total));
    else await seedPayments(db, dialect, from, to, total);
  }
}
