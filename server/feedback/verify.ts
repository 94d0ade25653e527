/**
 * Step 1 of a feedback: is it Ogone's, and is it whole? SHA-OUT over the parameters first
 * (ogone/sha.ts, docs/ogone-protocol.md §3), so nothing unsigned is ever read; then the schema
 * (shared/schemas/feedback.ts). A name given twice never gets here: reading the request refuses
 * it (http/form-params.ts), since which copy was signed cannot be told.
 */
import { describeFirstProblem } from '../../shared/schemas/errors.ts';
import { feedbackSchema, normalizeFeedback } from '../../shared/schemas/feedback.ts';
import type { AppContext } from '../app-context.ts';
import { verifyFeedbackSignature, type VerifyOptions } from './signature.ts';
import type { FeedbackCaller } from './channel.ts';

export type FeedbackVerification =
  /** SHASIGN missing, malformed or not ours. */
  | { kind: 'rejected'; reason: string }
  /** Signed, but a required parameter is missing or malformed. */
  | { kind: 'invalid'; message: string }
  /** Names uppercased (normalizeFeedback); ORDERID and STATUS read. */
  | { kind: 'verified'; params: Record<string, string>; reference: string; status: number };

export type { VerifyOptions } from './signature.ts';

export function verifyFeedback(
  ctx: Pick<AppContext, 'config' | 'logger'>,
  raw: Record<string, string>,
  channel: FeedbackCaller,
  options: VerifyOptions = {},
): FeedbackVerification {
  const { provider } = ctx.config;
  const verification = verifyFeedbackSignature(raw, { passphrase: provider.shaOut, algorithm: provider.hashAlgorithm }, options);
  const params = normalizeFeedback(raw);
  if (!verification.valid) {
    // Enough to investigate, nothing secret: the order, the reason, never the parameters' digest.
    ctx.logger.warn(
      { orderId: params.ORDERID?.slice(0, 40) ?? null, reason: verification.reason, channel },
      `feedback refused: ${verification.message}`,
    );
    return { kind: 'rejected', reason: verification.message };
  }
  const parsed = feedbackSchema.safeParse(params);
  if (!parsed.success) {
    const message = describeFirstProblem(parsed.error);
    ctx.logger.warn({ orderId: params.ORDERID?.slice(0, 40) ?? null, channel, problem: message }, 'signed feedback is malformed');
    return { kind: 'invalid', message };
  }
  // The reference too, from the cleaned values: a signed ORDERID with a NUL looked up as received
  // reached PostgreSQL's text, which refuses it (a 500 where an unknown order is a 404).
  const kept = withoutNul(params);
  return { kind: 'verified', params: kept, reference: kept.ORDERID ?? parsed.data.ORDERID, status: Number(parsed.data.STATUS) };
}

type SignedPairs = ReadonlyArray<readonly [string, string]>;

/**
 * Verified as received, kept with each NUL as U+FFFD: a text column of PostgreSQL cannot hold
 * NUL, and the shopper's CN (the card holder's name, typed on Ogone's page and signed as typed)
 * with one failed the whole feedback's write — 500 to the platform and to the shopper, the
 * payment left unread — where SQLite applied it (review r1545). The FlexCheckout return's pairs
 * too (aliases/setup-return.ts): its Card.CardHolderName is typed and signed the same way (r1635).
 * Only ever after the signature is checked: what is hashed is what was received
 * (docs/ogone-protocol.md §3).
 */
export function withoutNul(params: Record<string, string>): Record<string, string>;
export function withoutNul(pairs: SignedPairs): SignedPairs;
export function withoutNul(values: Record<string, string> | SignedPairs): Record<string, string> | SignedPairs {
  const clean = (value: string) => value.replaceAll('\0', '\uFFFD');
  if (isPairs(values)) {
    if (!values.some(([, value]) => value.includes('\0'))) return values;
    return values.map(([name, value]) => [name, clean(value)] as const);
  }
  if (!Object.values(values).some((value) => value.includes('\0'))) return values;
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, clean(value)]));
}

const isPairs = (values: Record<string, string> | SignedPairs): values is SignedPairs => Array.isArray(values);
