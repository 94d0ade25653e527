/**
 * `ogone-checkout verify '<return URL or query string>'`: checks a feedback's SHASIGN with
 * OGONE_SHA_OUT. Prints `valid`, or `invalid: <reason>`; exit 0 / 1.
 */
import { verifyFeedbackSignature } from '../feedback/signature.ts';
import { decodeQueryString, MalformedParamsError, RepeatedParameterError, type FormParams } from '../http/url-encoded.ts';
import { requirePassphrase, resolveAlgorithm } from './algorithm.ts';
import { defineCommand } from './command-line.ts';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from './io.ts';

/** The usage's first line, repeated in errors that need it. */
const VERIFY_SYNOPSIS = "usage: ogone-checkout verify '<full return URL or query string>' [--algorithm sha1|sha256|sha512]";

export const VERIFY_USAGE = `${VERIFY_SYNOPSIS}
Checks a feedback's SHASIGN with OGONE_SHA_OUT: prints "valid" (exit 0) or "invalid: <reason>" (exit 1).
  --algorithm  the hash algorithm (default OGONE_HASH_ALGORITHM, else sha512)`;

/**
 * Accepts `https://shop/payment/ogone/return?orderID=…`, `?orderID=…` or `orderID=…&…`, decoded as
 * the return route decodes it (http/form-params.ts): escapes that are not UTF-8 read as
 * ISO-8859-1, the platform's charset for some feedback ([ADV] §11.2; review r1090: read as UTF-8,
 * a genuine `CN=Zo%EB` lost its signed value). `repeated` is the first name given twice (any
 * case), which the server refuses (docs/ogone-protocol.md §3).
 */
export function parseFeedbackInput(input: string): FormParams & { repeated: string | undefined } {
  const trimmed = input.trim();
  let query = trimmed;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      query = new URL(trimmed).search;
    } catch {
      throw new UsageError(`not a URL: ${JSON.stringify(trimmed)}`);
    }
  } else if (trimmed.includes('?')) query = trimmed.slice(trimmed.indexOf('?'));
  let read: FormParams;
  try {
    read = decodeQueryString(query);
  } catch (error) {
    if (error instanceof RepeatedParameterError) return { params: {}, latin1: false, repeated: error.parameter };
    if (error instanceof MalformedParamsError) throw new UsageError(`${error.message}: ${JSON.stringify(trimmed)}`);
    throw error;
  }
  if (Object.keys(read.params).length === 0) throw new UsageError(`no parameters found in ${JSON.stringify(trimmed)}; ${VERIFY_SYNOPSIS}`);
  return { ...read, repeated: undefined };
}

export const verifyCommand = defineCommand({
  name: 'verify',
  usage: VERIFY_USAGE,
  positionals: true,
  options: { algorithm: { type: 'string' } },
  run({ values, positionals }, env, io) {
    if (positionals.length !== 1) throw new UsageError(`expected exactly one URL or query string; ${VERIFY_SYNOPSIS}`);
    const algorithm = resolveAlgorithm(values.algorithm, env);
    const { params, latin1, repeated } = parseFeedbackInput(positionals[0]!);
    const passphrase = requirePassphrase(env, 'out');
    if (repeated !== undefined) {
      // An empty copy keeps the signature valid while erasing a signed value: never "valid".
      io.stdout(`invalid: the parameter ${repeated} is given more than once (the server refuses such a feedback)`);
      return EXIT_NEGATIVE;
    }
    const result = verifyFeedbackSignature(params, { passphrase, algorithm }, { latin1 });
    if (result.valid) {
      io.stdout('valid');
      return EXIT_OK;
    }
    io.stdout(
      `invalid: ${result.message}${result.reason === 'mismatch' ? ` (computed with ${algorithm} and OGONE_SHA_OUT; check the passphrase, the hash algorithm and that the URL was not decoded or altered)` : ''}`,
    );
    return EXIT_NEGATIVE;
  },
});
