/**
 * Credentials of the demo account the sandbox uses when no OGONE_* variable is set. They are
 * public (printed in README.md) and only ever valid against the sandbox.
 */
import type { HashAlgorithm } from '../../shared/signature.ts';

export const DEMO_CREDENTIALS: {
  readonly pspid: string;
  readonly userId: string;
  readonly password: string;
  readonly shaIn: string;
  readonly shaOut: string;
  readonly hashAlgorithm: HashAlgorithm;
} = {
  pspid: 'OGONECHECKOUTDEMO',
  userId: 'demo-api',
  password: 'demo-api-password',
  shaIn: 'Demo-SHA-IN-passphrase-16+',
  shaOut: 'Demo-SHA-OUT-passphrase-16+',
  hashAlgorithm: 'sha512',
};
