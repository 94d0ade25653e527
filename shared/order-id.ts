/**
 * ORDERID, the order's reference at Ogone (our `reference`): at most 40 characters, the format of
 * Ingenico's DirectLink guide and Parameter Cookbook; the character set (letters, digits and
 * `- _ . / :`) is our choice, safe in URLs, in SHA-IN and in the back office
 * (docs/ogone-protocol.md §4, §14 "Hosted page — lengths"). The one source of both for the
 * merchant API, the hosted page request, DirectLink and the feedback; the sandbox checks ORDERID
 * from the guides on its own (docs/facts.md).
 */
import type { z } from 'zod';
import { PARAMETER_MAX_LENGTHS } from './parameter-lengths.ts';

export const ORDERID_MAX_LENGTH = PARAMETER_MAX_LENGTHS.ORDERID;

/** The characters an ORDERID may hold, as a regular-expression character class body. */
const ORDERID_CHARACTER_CLASS = 'A-Za-z0-9_\\-./:';

/** The characters an ORDERID may hold, in words for error messages. */
export const ORDERID_CHARACTERS = 'letters, digits and - _ . / :';

/** A whole ORDERID made of allowed characters (length is checked apart: ORDERID_MAX_LENGTH). */
export const ORDERID_PATTERN = /* @__PURE__ */ new RegExp(`^[${ORDERID_CHARACTER_CLASS}]+$`);

/** Every character an ORDERID may not hold (global: `text.replace(ORDERID_FORBIDDEN, '')`). */
export const ORDERID_FORBIDDEN = /* @__PURE__ */ new RegExp(`[^${ORDERID_CHARACTER_CLASS}]`, 'g');

/**
 * Adds the ORDERID rules to a string schema, with messages naming the field as its caller calls
 * it (`ORDERID`, `orderId (ORDERID)`, `reference`): at most 40 characters, then the character set.
 */
export function orderIdRules(schema: z.ZodString, label: string): z.ZodString {
  return schema
    .max(ORDERID_MAX_LENGTH, { error: `${label} must be at most ${ORDERID_MAX_LENGTH} characters` })
    .regex(ORDERID_PATTERN, { error: `${label} may only hold ${ORDERID_CHARACTERS}` });
}
