/**
 * What `sign --explain` prints on stderr: the algorithm, the hashed string with the passphrase
 * masked, and every parameter left out of the digest with the reason — an empty value, SHASIGN
 * itself, or a name off the official list (docs/ogone-protocol.md §3: such a name is still sent,
 * it is only not hashed; PAYIDSUB is the usual one).
 */
import { composeSha, shaString, type HashAlgorithm, type Parameters, type ShaDirection } from '../../shared/signature.ts';

export function explainSignature(params: Parameters, direction: ShaDirection, algorithm: HashAlgorithm): string[] {
  const mask = direction === 'in' ? '<SHA-IN>' : '<SHA-OUT>';
  const lines = [`algorithm: ${algorithm} (SHA-${direction.toUpperCase()})`, `hashed: ${shaString(params, mask, direction)}`];
  for (const { name, reason } of composeSha(params, direction).dropped) lines.push(`left out: ${name}: ${reason}`);
  return lines;
}
