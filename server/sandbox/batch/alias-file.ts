/**
 * The sandbox's Batch automatic upload (`AFU_agree.asp`) for alias files, written from the Alias
 * Manager guide ("Création d'Alias en masse via Batch": one line per alias, fields separated by
 * ";", field 1 ADDALIAS or DELALIAS, 2 ALIAS, 3 CN, 4 CARDNO, 5 EXPDATE, 6 BRAND, 7 PSPID) and the
 * Batch advanced guide ("Automatic upload process": an HTTPS POST of the file with PSPID, USERID,
 * PSWD, FILE_REFERENCE, REPLY_TYPE, MODE and PROCESS_MODE). Only DELALIAS is applied here — the
 * project never creates aliases by Batch; ADDALIAS lines are refused line by line.
 *
 * A DELALIAS line removes the alias from the sandbox's store: a DirectLink order naming it is
 * then refused like any unknown alias, 50001111 `Alias "…" not Found` (Alias Manager guide §3.5).
 * The XML answer's shape is the sandbox's own (the guides at hand do not print it; see
 * docs/ogone-protocol.md §14): NCERROR on the file and on each line, 0 when applied.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { ncErrorMessage, NCERROR } from '../ncerrors.ts';
import type { SandboxRuntime } from '../runtime.ts';

/** The next `fail` uploads answer HTTP 503 and change nothing (a platform outage, for tests). */
export interface BatchFaults {
  fail: number;
}

interface LineResult {
  number: number;
  operation: string;
  alias: string;
  ncError: string;
  ncErrorPlus: string;
}

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function sameSecret(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function answer(c: Context, fileReference: string, ncError: string, ncErrorPlus: string, lines: LineResult[] = []): Response {
  const body = [
    '<?xml version="1.0"?>',
    `<BATCH_RESULT FILE_REFERENCE="${escape(fileReference)}" NCERROR="${ncError}" NCERRORPLUS="${escape(ncErrorPlus)}" LINES="${lines.length}">`,
    ...lines.map(
      (line) =>
        `<LINE NUMBER="${line.number}" OPERATION="${escape(line.operation)}" ALIAS="${escape(line.alias)}" NCERROR="${line.ncError}" NCERRORPLUS="${escape(line.ncErrorPlus)}"/>`,
    ),
    '</BATCH_RESULT>',
  ].join('\n');
  return c.body(body, 200, { 'content-type': 'text/xml; charset=utf-8' });
}

async function fieldsOf(c: Context): Promise<{ fields: Record<string, string>; file: string }> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  let file = '';
  for (const [name, value] of Object.entries(body)) {
    if (name.toUpperCase() === 'FILE') file = typeof value === 'string' ? value : await value.text();
    else if (typeof value === 'string') fields[name.toUpperCase()] = value;
  }
  return { fields, file };
}

/** Where alias files are uploaded ([ALIAS] §6.2). */
export const ALIAS_FILE_PATH = '/ncol/test/AFU_agree.asp';

export function batchRoutes(runtime: SandboxRuntime): Hono {
  const faults: BatchFaults = { fail: 0 };
  const app = new Hono();

  app.post(ALIAS_FILE_PATH, async (c) => {
    if (faults.fail > 0) {
      faults.fail -= 1;
      return c.text('Service temporarily unavailable', 503);
    }
    const { fields, file } = await fieldsOf(c);
    const reference = fields.FILE_REFERENCE ?? '';
    const { options, store } = runtime;
    if ((fields.PSPID ?? '') !== options.pspid)
      return answer(c, reference, NCERROR.PSPID_NOT_FOUND, ncErrorMessage(NCERROR.PSPID_NOT_FOUND));
    if ((fields.USERID ?? '') !== options.userId || !sameSecret(fields.PSWD ?? '', options.password)) {
      return answer(c, reference, NCERROR.PASSWORD_INCORRECT, ncErrorMessage(NCERROR.PASSWORD_INCORRECT));
    }
    if (file.trim() === '') return answer(c, reference, NCERROR.DATA_VALIDATION, ' no FILE');
    // "Le fichier doit être un fichier ASCII" (Alias Manager guide §6.2); the code is ours (§14).
    if (/[^ -~\t\r\n]/.test(file)) return answer(c, reference, NCERROR.DATA_VALIDATION, ' the file is not ASCII');
    const now = options.now();
    const lines = file.split(/\r?\n/).filter((line) => line.trim() !== '');
    const results = lines.map((line, index): LineResult => {
      const fields = line.split(';');
      const operation = (fields[0] ?? '').trim().toUpperCase();
      const alias = (fields[1] ?? '').trim();
      const result = (ncError: string, ncErrorPlus: string) => ({ number: index + 1, operation, alias, ncError, ncErrorPlus });
      if (operation !== 'DELALIAS') return result(NCERROR.DATA_VALIDATION, `${operation || 'OPERATION'} not supported by the sandbox`);
      if ((fields[6] ?? '').trim() !== options.pspid) return result(NCERROR.PSPID_NOT_FOUND, ncErrorMessage(NCERROR.PSPID_NOT_FOUND));
      if (alias === '') return result(NCERROR.DATA_VALIDATION, ' no ALIAS');
      if (!store.deleteAlias(alias, now)) return result(NCERROR.DATA_VALIDATION, `Alias "${alias}" not Found`);
      // Its last 4 characters only, as the signer logs an alias (server/logger.ts aliasForLog):
      // the same log holds both in sandbox mode, and an alias is a card's charging token.
      options.logger.info({ alias: alias.length >= 12 ? `…${alias.slice(-4)}` : '…' }, 'sandbox: alias deleted (Batch DELALIAS)');
      return result(NCERROR.OK, '!');
    });
    return answer(c, reference, NCERROR.OK, '!', results);
  });

  // Control API: make the next uploads fail (HTTP 503), e.g. {"fail":1}; DELETE clears.
  app.get('/sandbox/batch/faults', (c) => c.json({ faults }));
  app.post('/sandbox/batch/faults', async (c) => {
    let fail: unknown;
    try {
      fail = ((await c.req.json()) as { fail?: unknown }).fail;
    } catch {
      return c.json({ error: { code: 'invalid_json', message: 'the request body is not valid JSON' } }, 400);
    }
    if (typeof fail !== 'number' || !Number.isInteger(fail) || fail < 0 || fail > 1000) {
      return c.json(
        { error: { code: 'invalid_request', message: 'fail must be a whole number of uploads from 0 to 1000', field: 'fail' } },
        400,
      );
    }
    faults.fail = fail;
    return c.json({ faults });
  });
  app.delete('/sandbox/batch/faults', (c) => {
    faults.fail = 0;
    return c.json({ faults });
  });
  return app;
}
