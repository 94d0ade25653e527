/**
 * Errors of our JSON API: `{ error: { code, message, field? } }` (shared/schemas/api.ts ApiError).
 * Handlers throw `Problem`; the app's error handler turns it (and zod errors) into the body.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ApiError } from '../../shared/schemas/api.ts';
import { describeProblems } from '../../shared/schemas/errors.ts';
import { readBodyText } from './body-text.ts';

export class Problem extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: ContentfulStatusCode, code: string, message: string, field?: string) {
    super(message);
    this.name = 'Problem';
    this.status = status;
    this.code = code;
    this.field = field;
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

export function sendProblem(c: Context, status: ContentfulStatusCode, code: string, message: string, field?: string) {
  return c.json(problemBody({ code, message, field }), status);
}

/** Reads and validates a JSON body; a missing or broken body is a 400 naming it. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, options: { optional?: boolean } = {}): Promise<z.output<S>> {
  const text = await readBodyText(c);
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
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw Problem.fromZod(parsed.error);
  return parsed.data;
}

/** Validates query parameters. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw Problem.fromZod(parsed.error);
  return parsed.data;
}
