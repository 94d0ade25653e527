/**
 * The credential-on-file flags of each request that stores or uses a saved card
 * (docs/ogone-protocol.md §11): who starts the payment (COF_INITIATOR), whether it is the first
 * use of the stored card or a later one (COF_TRANSACTION) and, where the guides leave the value
 * open, the schedule (COF_SCHEDULE, the OGONE_COF_SCHEDULE setting).
 */
import type { ServerConfig } from '../config/env.ts';

export interface StoredCredential {
  initiator: 'CIT' | 'MIT';
  transaction: 'FIRST' | 'SUBSEQ';
  schedule?: 'SCHED' | 'UNSCHED';
}

/** The configured COF_SCHEDULE, UNSCHED when the configuration says nothing (null: none sent). */
export function cofSchedule(config: Pick<ServerConfig, 'cofSchedule'>): 'SCHED' | 'UNSCHED' | null {
  return config.cofSchedule === undefined ? 'UNSCHED' : config.cofSchedule;
}

const withSchedule = (credential: StoredCredential, schedule: 'SCHED' | 'UNSCHED' | null): StoredCredential =>
  schedule ? { ...credential, schedule } : credential;

/** The hosted page that saves the card: the shopper is there and agrees to storage. */
export function firstStorage(config: Pick<ServerConfig, 'cofSchedule'>): StoredCredential {
  return withSchedule({ initiator: 'CIT', transaction: 'FIRST' }, cofSchedule(config));
}

/**
 * The shopper pays with a card saved earlier (one click): customer-initiated, subsequent. No
 * schedule: a one-click payment is not an instalment of a standing agreement.
 */
export function shopperSubsequent(): StoredCredential {
  return { initiator: 'CIT', transaction: 'SUBSEQ' };
}

/** The merchant charges a saved card without the shopper (top-ups, usage billing): unscheduled. */
export function merchantSubsequent(config: Pick<ServerConfig, 'cofSchedule'>): StoredCredential {
  return withSchedule({ initiator: 'MIT', transaction: 'SUBSEQ' }, cofSchedule(config));
}

/** The hosted-page parameters for a stored credential (names on the SHA-IN list). */
export function storedCredentialFields(credential: StoredCredential): Record<string, string> {
  return {
    COF_INITIATOR: credential.initiator,
    COF_TRANSACTION: credential.transaction,
    ...(credential.schedule ? { COF_SCHEDULE: credential.schedule } : {}),
  };
}
