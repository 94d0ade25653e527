/**
 * Step 1 of a feedback: is it Ogone's, and is it whole? SHA-OUT over the parameters first
 * (ogone/sha.ts, docs/ogone-protocol.md §3), so nothing unsigned is ever read; then the schema
 * (shared/schemas/feedback.ts). A name given twice never gets here: reading the request refuses
 * it (http/form-params.ts), since which copy was signed cannot be told.
 */
import { describeFirstProblem } from '../../shared/schemas/errors.ts';
import { feedbackSchema, normalizeFeedback } from '../../shared/schemas/feedback.ts';
import type { AppContext } from '../app-context.ts';
import { shaVerify, type ShaOptions, type ShaVerification } from '../ogone/sha.ts';
import type { FeedbackCaller } from './channel.ts';

export type FeedbackVerification =
  /** SHASIGN missing, malformed or not ours. */
  | { kind: 'rejected'; reason: string }
  /** Signed, but a required parameter is missing or malformed. */
  | { kind: 'invalid'; message: string }
  /** Names uppercased (normalizeFeedback); ORDERID and STATUS read. */
  | { kind: 'verified'; params: Record<string, string>; reference: string; status: number };

/**
 * `latin1`: the request had escapes that are not UTF-8, read as ISO-8859-1 (http/form-params.ts);
 * only then is the signature also tried over ISO-8859-1 bytes.
 */
export interface VerifyOptions {
  latin1?: boolean;
}

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
  return { kind: 'verified', params, reference: parsed.data.ORDERID, status: Number(parsed.data.STATUS) };
}

/**
 * A feedback's SHA-OUT, as the return route checks it (and `ogone-checkout verify`). Feedback sent
 * in ISO-8859-1 (PostFinance payments, [ADV] §11.2) may be signed over those bytes; the guides do
 * not say (docs/ogone-protocol.md §5). Either way it takes the passphrase — and only a request
 * that came in ISO-8859-1: a UTF-8 one whose text fits ISO-8859-1 (the mojibake "BÃ¡rbara" of a
 * signed "Bárbara") has the signed bytes in that charset too.
 */
export function verifyFeedbackSignature(
  raw: Record<string, string>,
  key: Pick<ShaOptions, 'passphrase' | 'algorithm'>,
  options: VerifyOptions = {},
): ShaVerification {
  const sha = { ...key, direction: 'out' } as const;
  const verification = shaVerify(raw, sha);
  if (!verification.valid && verification.reason === 'mismatch' && options.latin1 === true && hasLatin1Only(raw))
    return shaVerify(raw, { ...sha, charset: 'iso-8859-1' });
  return verification;
}

/** Some character beyond ASCII, none beyond ISO-8859-1: the only case where the two charsets' bytes differ and both can carry the text. */
function hasLatin1Only(params: Readonly<Record<string, string>>): boolean {
  let beyondAscii = false;
  for (const name in params) {
    const text = name + params[name]!;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0xff) return false;
      if (code > 0x7f) beyondAscii = true;
    }
  }
  return beyondAscii;
}
