import { DEFAULT_HASH_ALGORITHM, isHashAlgorithm, type HashAlgorithm } from '../../shared/signature.ts';
import { UsageError, type Env } from './io.ts';

/** `--algorithm` wins over OGONE_HASH_ALGORITHM; the default is DEFAULT_HASH_ALGORITHM (sha512). */
export function resolveAlgorithm(option: string | undefined, env: Env): HashAlgorithm {
  const fromOption = option !== undefined;
  const value = (option ?? env.OGONE_HASH_ALGORITHM ?? DEFAULT_HASH_ALGORITHM).trim().toLowerCase();
  if (isHashAlgorithm(value)) return value;
  if (fromOption) throw new UsageError(`--algorithm: unknown hash algorithm ${JSON.stringify(value)} (use sha1, sha256 or sha512)`);
  // Not the variable's value: a passphrase put on the wrong line of a .env would be printed.
  throw new UsageError('OGONE_HASH_ALGORITHM: not a hash algorithm (use sha1, sha256 or sha512)');
}

/** The passphrase always comes from the environment, never from an argument (shell history, ps). */
export function requirePassphrase(env: Env, direction: 'in' | 'out'): string {
  const name = direction === 'in' ? 'OGONE_SHA_IN' : 'OGONE_SHA_OUT';
  const value = env[name];
  if (value === undefined || value === '') {
    throw new UsageError(
      `${name} is not set: export the ${direction === 'in' ? 'SHA-IN' : 'SHA-OUT'} passphrase in ${name} (it is never taken from an argument)`,
    );
  }
  return value;
}
