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
  return { kind: 'verified', params: withoutNul(params), reference: parsed.data.ORDERID, status: Number(parsed.data.STATUS) };
}

/**
 * Verified as received, kept with each NUL as U+FFFD: a text column of PostgreSQL cannot hold
 * NUL, and the shopper's CN (the card holder's name, typed on Ogone's page and signed as typed)
 * with one failed the whole feedback's write — 500 to the platform and to the shopper, the
 * payment left unread — where SQLite applied it (review r1545).
 */
function withoutNul(params: Record<string, string>): Record<string, string> {
  if (!Object.values(params).some((value) => value.includes('\0'))) return params;
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, value.replaceAll('\0', '\uFFFD')]));
}
