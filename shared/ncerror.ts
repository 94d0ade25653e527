import { NCERROR_MESSAGES } from './ncerror-messages.ts';

export interface NcErrorExplanation {
  readonly code: string;
  /** The platform's message, or a generic one for codes the list does not know. */
  readonly message: string;
  /** Ogone's NCSTATUS: the first digit of the code (0 ok, 2 uncertain, 3 refused, 5 invalid request). */
  readonly category: 'ok' | 'uncertain' | 'refused' | 'invalid' | 'other';
  readonly known: boolean;
}

const CATEGORY: Readonly<Record<string, NcErrorExplanation['category']>> = {
  '0': 'ok',
  '2': 'uncertain',
  '3': 'refused',
  '5': 'invalid',
};

/** Explains an NCERROR value as a feedback or DirectLink carries it ("0", "30001001"). */
export function explainNcError(raw: string | number | null | undefined): NcErrorExplanation | undefined {
  if (raw === null || raw === undefined) return undefined;
  const code = String(raw).trim();
  if (code === '') return undefined;
  if (/^0+$/.test(code)) return { code: '0', message: 'No error', category: 'ok', known: true };
  const stripped = code.replace(/^0+/, '');
  const message = NCERROR_MESSAGES[code] ?? NCERROR_MESSAGES[stripped] ?? NCERROR_MESSAGES[stripped.padStart(10, '0')];
  const category = CATEGORY[stripped.length >= 8 ? stripped[0]! : ''] ?? 'other';
  if (message !== undefined) return { code, message, category, known: true };
  return { code, message: `Unknown error code ${code}`, category, known: false };
}
