/**
 * Issue 2's benchmark: SHA-512 signatures per second of our composer (filter, uppercase, order,
 * concatenate, hash) against a bare `crypto.createHash` over the same pre-built string.
 * Target: ratio ≥ 0.5 (sorting and concatenation must not dominate).
 */
import { createHash } from 'node:crypto';
import { shaString } from '../shared/signature.ts';
import { shaSign } from '../server/ogone/sha.ts';
import { compareThroughput } from './measure.ts';

/** A typical hosted-page request: 15 parameters as our server sends them. */
export const TYPICAL_REQUEST: Record<string, string> = {
  PSPID: 'OgoneCheckoutDemo',
  ORDERID: 'OC-20261123-8F3K2Q9XW1',
  AMOUNT: '1999',
  CURRENCY: 'EUR',
  LANGUAGE: 'fr_FR',
  CN: 'Bárbara Dupont',
  EMAIL: 'barbara@example.com',
  OWNERADDRESS: '12 rue de la Paix',
  OWNERZIP: '75002',
  OWNERTOWN: 'Paris',
  OWNERCTY: 'FR',
  ACCEPTURL: 'https://shop.example.com/payment/ogone/return',
  DECLINEURL: 'https://shop.example.com/payment/ogone/return',
  EXCEPTIONURL: 'https://shop.example.com/payment/ogone/return',
  CANCELURL: 'https://shop.example.com/payment/ogone/return',
};

export interface SignatureBench {
  parameters: number;
  composerPerSecond: number;
  bareHashPerSecond: number;
  ratio: number;
  target: number;
}

export function runSignatureBench(): SignatureBench {
  const passphrase = 'Mysecretsig1875!?';
  const prebuilt = shaString(TYPICAL_REQUEST, passphrase, 'in');
  const [composer, bare] = compareThroughput({
    composer: () => shaSign(TYPICAL_REQUEST, { passphrase, algorithm: 'sha512', direction: 'in' }),
    bareHash: () => createHash('sha512').update(prebuilt, 'utf8').digest('hex').toUpperCase(),
  });
  const composerPerSecond = composer!.opsPerSecond;
  const bareHashPerSecond = bare!.opsPerSecond;
  return {
    parameters: Object.keys(TYPICAL_REQUEST).length,
    composerPerSecond,
    bareHashPerSecond,
    ratio: composerPerSecond / bareHashPerSecond,
    target: 0.5,
  };
}
