/**
 * `ogone-checkout sign KEY=VALUE … [--out] [--algorithm A] [--explain]`
 * Prints the SHASIGN alone on stdout; with --explain, the hashed string (passphrase masked) and
 * the parameters that were left out, each with its reason, go to stderr, so stdout stays
 * pipeable. SHA-IN hashes only the names of the official SHA-IN list (docs/ogone-protocol.md §3).
 */
import { shaSign } from '../ogone/sha.ts';
import { requirePassphrase, resolveAlgorithm } from './algorithm.ts';
import { defineCommand } from './command-line.ts';
import { explainSignature } from './explain.ts';
import { EXIT_OK, UsageError } from './io.ts';

const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** The usage's first line, repeated in errors that need it. */
const SIGN_SYNOPSIS = 'usage: ogone-checkout sign KEY=VALUE ... [--out] [--algorithm sha1|sha256|sha512] [--explain]';

export const SIGN_USAGE = `${SIGN_SYNOPSIS}
  --out        sign with SHA-OUT (OGONE_SHA_OUT) and its list, as Ogone signs a feedback
  --algorithm  the hash algorithm (default OGONE_HASH_ALGORITHM, else sha512)
  --explain    on stderr: the hashed string (passphrase masked) and what was left out, and why
The passphrase comes from OGONE_SHA_IN (or OGONE_SHA_OUT), never from an argument.`;

export function parseParameters(args: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`malformed parameter ${JSON.stringify(arg)}: expected KEY=VALUE`);
    const name = arg.slice(0, eq);
    if (!PARAMETER_NAME.test(name)) throw new UsageError(`malformed parameter name ${JSON.stringify(name)}: letters, digits, _ and . only`);
    const upper = name.toUpperCase();
    const previous = seen.get(upper);
    if (previous !== undefined) throw new UsageError(`parameter ${upper} is given twice (${previous} and ${name})`);
    seen.set(upper, name);
    params[name] = arg.slice(eq + 1);
  }
  if (Object.keys(params).length === 0) throw new UsageError(`no parameters to sign; ${SIGN_SYNOPSIS}`);
  return params;
}

export const signCommand = defineCommand({
  name: 'sign',
  usage: SIGN_USAGE,
  positionals: true,
  options: {
    out: { type: 'boolean', default: false },
    algorithm: { type: 'string' },
    explain: { type: 'boolean', default: false },
  },
  run({ values, positionals }, env, io) {
    const direction = values.out ? 'out' : 'in';
    const algorithm = resolveAlgorithm(values.algorithm, env);
    const params = parseParameters(positionals);
    const passphrase = requirePassphrase(env, direction);
    io.stdout(shaSign(params, { passphrase, algorithm, direction }));
    if (values.explain) for (const line of explainSignature(params, direction, algorithm)) io.stderr(line);
    return EXIT_OK;
  },
});
