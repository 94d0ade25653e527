/**
 * `ogone-checkout sign KEY=VALUE … [--out] [--algorithm A] [--explain]`
 * Prints the SHASIGN alone on stdout; with --explain, the hashed string (passphrase masked) and
 * the parameters that were left out, each with its reason, go to stderr, so stdout stays
 * pipeable. SHA-IN hashes only the names of the official SHA-IN list (docs/ogone-protocol.md §3).
 */
import { parseArgs } from 'node:util';
import { shaSign } from '../ogone/sha.ts';
import { requirePassphrase, resolveAlgorithm } from './algorithm.ts';
import { explainSignature } from './explain.ts';
import { EXIT_OK, UsageError, type CommandIO, type Env } from './io.ts';

const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;

export const signUsage = 'usage: ogone-checkout sign KEY=VALUE ... [--out] [--algorithm sha1|sha256|sha512] [--explain]';

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
  if (Object.keys(params).length === 0) throw new UsageError(`no parameters to sign; ${signUsage}`);
  return params;
}

export function signCommand(argv: readonly string[], env: Env, io: CommandIO): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'boolean', default: false },
      algorithm: { type: 'string' },
      explain: { type: 'boolean', default: false },
    },
  });
  const direction = values.out ? 'out' : 'in';
  const algorithm = resolveAlgorithm(values.algorithm, env);
  const params = parseParameters(positionals);
  const passphrase = requirePassphrase(env, direction);
  io.stdout(shaSign(params, { passphrase, algorithm, direction }));
  if (values.explain) for (const line of explainSignature(params, direction, algorithm)) io.stderr(line);
  return EXIT_OK;
}
