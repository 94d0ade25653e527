/**
 * Errors of our JSON API at the transport level: `{ error: { code, message, field? } }`
 * (shared/schemas/api.ts ApiError). A missing API key, a bad Idempotency-Key or an unreadable body
 * is a `Problem` with its HTTP status; what goes wrong in the payment domain is a PaymentError
 * (server/domain/payment-error.ts). Both are thrown, and answered by server/http/on-error.ts —
 * the one way to answer a problem. `problemBody` is for the few answers built where throwing
 * cannot reach onError (a callback Hono calls outside the handler chain).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { ApiError } from '../../shared/schemas/api.ts';
import { describeProblems } from '../../shared/schemas/errors.ts';
import { readBodyText } from './body-text.ts';

/**
 * An HTTPException (https://hono.dev/docs/api/exception), so that a Problem thrown in a small Hono
 * app without our onError — the sandbox's guard (server/sandbox-access.ts) runs apiKeyAuth — is
 * still answered with its JSON body by Hono's own error handler, with the headers set before it.
 */
export class Problem extends HTTPException {
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: ContentfulStatusCode, code: string, message: string, field?: string) {
    super(status, { message });
    this.name = 'Problem';
    this.code = code;
    this.field = field;
  }

  override getResponse(): Response {
    return Response.json(problemBody(this), { status: this.status });
  }

  static fromZod(error: z.ZodError, prefix = ''): Problem {
    const [first] = describeProblems(error);
    const field = first && first.field !== '(input)' ? `${prefix}${first.field}` : prefix.replace(/\.$/, '') || undefined;
    return new Problem(400, 'invalid_request', first ? `${field ?? 'request'}: ${first.message}` : 'invalid request', field);
  }
}

export function problemBody(problem: { code: string; message: string; field?: string | undefined }): ApiError {
  return { error: { code: problem.code, message: problem.message, ...(problem.field ? { field: problem.field } : {}) } };
}

/** Reads and validates a JSON body; a missing or broken body is a 400 naming it. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, options: { optional?: boolean } = {}): Promise<z.output<S>> {
  // JSON is UTF-8 (RFC 8259 §8.1): a body declared in another charset is refused, not decoded as
  // UTF-8 into U+FFFD and stored so ("café" in ISO-8859-1 went to Ogone's COM as "caf\uFFFD").
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(c.req.header('content-type') ?? '')?.[1]?.toLowerCase();
  // US-ASCII is UTF-8's first half: its bytes read the same.
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new Problem(
      415,
      'unsupported_media_type',
      `Content-Type: the body must be JSON in UTF-8, not ${charset.slice(0, 40) || 'an empty charset'}`,
      'Content-Type',
    );
  }
  const text = await readBodyText(c);
  // A body declared as something else (a form, text/plain) is not read as JSON: the API's
  // document declares application/json only. Without a Content-Type, a body is read as JSON.
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (text.trim() !== '' && mediaType !== '' && mediaType !== 'application/json' && !/^application\/[^/\s]+\+json$/.test(mediaType)) {
    throw new Problem(
      415,
      'unsupported_media_type',
      `Content-Type: the body must be application/json, not ${mediaType.slice(0, 60)}`,
      'Content-Type',
    );
  }
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new Problem(400, 'invalid_json', 'the request body is not valid JSON');
    }
  } else if (!options.optional) {
    throw new Problem(400, 'invalid_json', 'a JSON request body is required');
  }
  const refused = refusedInJson(value);
  if (refused) throw new Problem(400, 'invalid_request', `${refused.field}: ${refused.message}`, refused.field);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw Problem.fromZod(parsed.error);
  return parsed.data;
}

/** Half of a surrogate pair alone (`"\ud83d"`): in `u` mode, a paired one is one code point, never matched. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be kept as it came, or undefined. */
function unkeepable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (U+0000)';
  // Neither database stores it as given (PostgreSQL writes U+FFFD, SQLite three of them): the
  // value read back, and sent to Ogone, was not the one the answer echoed.
  if (LONE_SURROGATE.test(text)) return 'half of a UTF-16 surrogate pair (a lone \\uD800-\\uDFFF)';
  return undefined;
}

/**
 * What no JSON body may hold, wherever it is: a NUL character, which PostgreSQL's text refuses
 * (the request would fail with a 500 after validation passed), half a surrogate pair, which no
 * database keeps as given, and a `__proto__` key, which JSON.parse keeps as data but every
 * object the body is validated into drops without a word —
 * `metadata` lost a key, a strict object let it through. The first one found, with its field.
 */
export function refusedInJson(value: unknown): { field: string; message: string } | undefined {
  // Where a value is, as a chain to its parent: the dotted field is built only for a refusal.
  interface Place {
    key: string;
    parent: Place | undefined;
  }
  const field = (place: Place | undefined, last?: string) => {
    const keys = last === undefined ? [] : [last];
    for (let at = place; at; at = at.parent) keys.unshift(at.key);
    return keys.length > 0 ? keys.join('.') : '(input)';
  };
  // A stack, not recursion: a 64 KB body nests 30,000 deep, past the call stack (a 500).
  const stack: Array<[unknown, Place | undefined]> = [[value, undefined]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, place] = next;
    if (typeof item === 'string') {
      const why = unkeepable(item);
      if (why) return { field: field(place), message: `must not contain ${why}` };
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    // Own enumerable keys: JSON.parse makes no other.
    for (const key in item) {
      if (key === '__proto__') return { field: field(place, key), message: 'the key __proto__ is not allowed' };
      const keyWhy = unkeepable(key);
      if (keyWhy)
        return {
          field: field(
            place,
            key.replaceAll('\u0000', '\\u0000').replace(/\p{Cs}/gu, (half) => `\\u${half.charCodeAt(0).toString(16)}`),
          ),
          message: `a key must not contain ${keyWhy}`,
        };
      const child = (item as Record<string, unknown>)[key];
      if ((typeof child === 'string' && unkeepable(child)) || (typeof child === 'object' && child !== null))
        stack.push([child, { key, parent: place }]);
    }
  }
  return undefined;
}

/**
 * The query's parameters, each once: a parameter the route does not know (`status` for `state`
 * exported every payment) or one given twice (`limit=5&limit=500` read as its first) is a 400
 * naming it, as an unknown body key is. `repeatable` ones come back as their values' list.
 */
export function queryInput(c: Context, schema: z.ZodType, repeatable: readonly string[] = []): Record<string, string | string[]> {
  const known = schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : undefined;
  const input: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (known && !known.has(name))
      throw new Problem(400, 'invalid_request', `${name.slice(0, 60)}: unknown query parameter`, name.slice(0, 60));
    if (repeatable.includes(name)) input[name] = values;
    else if (values.length > 1) throw new Problem(400, 'invalid_request', `${name}: given more than once`, name);
    else input[name] = values[0]!;
  }
  return input;
}

/** Validates query parameters. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(queryInput(c, schema));
  if (!parsed.success) throw Problem.fromZod(parsed.error);
  return parsed.data;
}
