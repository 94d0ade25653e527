/**
 * How a feedback log row stores its parameters since migration 0028 (issue 17, "bytes per
 * payment"): the shopper's own values (CN, EMAIL, IP) stay readable JSON in `params_json`, so the
 * retention pass still removes them in SQL (personal-data.ts); every other kept parameter is
 * packed into `params_packed` — raw DEFLATE (zlib) against a preset dictionary of the names and
 * values feedbacks repeat, so a row's ~190 bytes of JSON take ~55. A row logged before keeps
 * everything in `params_json` and no packed part; both are read (rows.ts).
 *
 * The first byte names the dictionary. DICTIONARY_1 must never change once a row was packed with
 * it: a better dictionary is a new version, and rows keep the one they were packed with.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PERSONAL_FEEDBACK_PARAMETERS } from '../feedback/log.ts';

/**
 * What DEFLATE may copy from: names on the SHA-OUT list as the JSON spells them, and the values
 * most feedbacks carry (masked card numbers, brands, methods, currencies). DEFLATE reaches back
 * 32 KiB and codes nearer strings shorter, so the most frequent come last.
 */
const DICTIONARY_1 = Buffer.from(
  '"AAVADDRESS":"","AAVCHECK":"","AAVZIP":"","ALIAS":"","BIN":"","CCCTY":"","COMPLUS":"",' +
    '"CREDITDEBIT":"","CVCCHECK":"","DCC_INDICATOR":"","ECI":"","IPCTY":"","NCERRORPLUS":"","PAYIDSUB":"",' +
    '"SCO_CATEGORY":"","SCORING":"","SUBBRAND":"","VC":"","3D":"","AUTHORIZATIONMODE":"",' +
    'MaestroBancontactiDEALPostFinance CardPAYPALAmerican ExpressDirect DebitsSofort UberweisungUSDGBPCHFJPY' +
    'MasterCard","CARDNO":"XXXXXXXXXXXX","CURRENCY":"EUR","ED":"' +
    '{"ACCEPTANCE":"","AMOUNT":"","BRAND":"VISA","CARDNO":"XXXXXXXXXXXX","CURRENCY":"EUR","ED":"",' +
    '"NCERROR":"0","PAYID":"","PM":"CreditCard","TRXDATE":""}',
  'latin1',
);

const DICTIONARIES: Readonly<Record<number, Buffer>> = { 1: DICTIONARY_1 };
const CURRENT = 1;

/** `stored` (a log row's parameters, feedback-params.ts) split as a row keeps them. */
export function packFeedbackParams(stored: Readonly<Record<string, string>>): { paramsJson: string; paramsPacked: Buffer | null } {
  const personal: Record<string, string> = {};
  const rest: Record<string, string> = {};
  let packed = false;
  for (const [name, value] of Object.entries(stored)) {
    if (PERSONAL_FEEDBACK_PARAMETERS.includes(name)) personal[name] = value;
    else {
      rest[name] = value;
      packed = true;
    }
  }
  if (!packed) return { paramsJson: JSON.stringify(personal), paramsPacked: null };
  const body = deflateRawSync(Buffer.from(JSON.stringify(rest), 'utf8'), { dictionary: DICTIONARIES[CURRENT] });
  return { paramsJson: JSON.stringify(personal), paramsPacked: Buffer.concat([Buffer.of(CURRENT), body]) };
}

/**
 * A row's parameters: `params_json` alone (rows logged before 0028, or with nothing to pack), or
 * its packed part with the personal values beside it, in code-unit order of their names as
 * feedback/log.ts keeps them.
 */
export function unpackFeedbackParams(paramsJson: string, paramsPacked: Uint8Array | null | undefined): Record<string, string> {
  const personal = JSON.parse(paramsJson) as Record<string, string>;
  if (paramsPacked == null || paramsPacked.length === 0) return personal;
  const bytes = Buffer.from(paramsPacked.buffer, paramsPacked.byteOffset, paramsPacked.byteLength);
  const dictionary = DICTIONARIES[bytes[0]!];
  if (!dictionary) throw new Error(`a feedback log row's parameters are packed with dictionary ${bytes[0]}, unknown to this release`);
  const rest = JSON.parse(inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8')) as Record<string, string>;
  const merged = { ...rest, ...personal };
  const params: Record<string, string> = {};
  for (const name of Object.keys(merged).sort()) params[name] = merged[name]!;
  return params;
}
