/**
 * A feedback's SHA-OUT over its parameters, with no request or configuration around it: the
 * return route's check (feedback/verify.ts) and the CLI's `verify` share it.
 */
import { shaVerify, type ShaOptions, type ShaVerification } from '../ogone/sha.ts';

/**
 * `latin1`: the request had escapes that are not UTF-8, read as ISO-8859-1 (http/url-encoded.ts);
 * only then is the signature also tried over ISO-8859-1 bytes.
 */
export interface VerifyOptions {
  latin1?: boolean;
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
