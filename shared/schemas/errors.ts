import type { z } from 'zod';

/** One validation problem, in plain words, naming the field it is about. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Turns a zod error into plain-word problems: `ORDERID: must be at most 40 characters`. */
export function describeProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    // An unknown key is reported on the object holding it: the key is the field to name.
    const path = issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...issue.path, issue.keys[0]!] : issue.path;
    const field = path.length > 0 ? path.map(String).join('.') : '(input)';
    // A record's key that fails its own schema is reported as "Invalid key in record", the reason
    // (too long…) nested: the reason is what the merchant needs.
    const message = issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message;
    return { field, message };
  });
}

/** First problem as a single line, for CLIs and start-up errors. */
export function describeFirstProblem(error: z.ZodError): string {
  const [first] = describeProblems(error);
  return first ? `${first.field}: ${first.message}` : 'invalid input';
}
