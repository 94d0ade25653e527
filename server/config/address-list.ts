/**
 * Comma-separated settings, and lists of addresses / CIDRs such as FEEDBACK_RATE_LIMIT_EXEMPT
 * (proxy-addr's syntax, as TRUST_PROXY in http-settings.ts): a bad entry stops the start naming
 * the variable.
 */
import proxyaddr from 'proxy-addr';
import { ConfigError } from './config-error.ts';

/** `a, b,,c` → `['a', 'b', 'c']`: blanks and empty items are dropped. */
export const commaList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A list of addresses / CIDRs as configured, and the test for one address. */
export interface AddressList {
  description: string;
  includes(address: string): boolean;
}

export const NO_ADDRESSES: AddressList = { description: 'none', includes: () => false };

/** FEEDBACK_RATE_LIMIT_EXEMPT: comma-separated addresses / CIDRs (proxy-addr's syntax). */
export function parseAddressList(name: string, raw: string | undefined): AddressList {
  const entries = commaList(raw);
  if (entries.length === 0) return NO_ADDRESSES;
  try {
    const match = proxyaddr.compile(entries);
    return { description: entries.join(','), includes: (address) => match(address, 0) };
  } catch (error) {
    throw new ConfigError(name, `${(error as Error).message}; expected addresses / CIDRs such as 203.0.113.0/24,2001:db8::/32`);
  }
}
