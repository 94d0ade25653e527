/**
 * The hosted payment page request (`orderstandard_utf8.asp`), parameter by parameter, with the
 * documented formats (docs/ogone-protocol.md §4; e-Commerce Advanced guide v5.4.4, "Hosted payment
 * page: parameters") and the maximum lengths of `shared/parameter-lengths.ts` (where the guides
 * give none, the limit is ours and says so there). Names are Ogone's, uppercase.
 */
import { z } from 'zod';
import { OGONE_AMOUNT_PATTERN } from '../amount-patterns.ts';
import { isCurrency, OGONE_AMOUNT_MAX_DIGITS } from '../money.ts';
import { orderIdRules } from '../order-id.ts';
import { ORDER_OPERATIONS } from '../order-operations.ts';
import { PARAMETER_MAX_LENGTHS, type LimitedParameter } from '../parameter-lengths.ts';
import { SHASIGN_PATTERN } from '../signature.ts';
import { pspidSchema } from './config.ts';
import { OGONE_LANGUAGES } from '../languages.ts';

const text = (name: LimitedParameter) => {
  const max = PARAMETER_MAX_LENGTHS[name];
  return z.string().max(max, { error: `${name} must be at most ${max} characters` });
};
const url = (name: LimitedParameter) => text(name).regex(/^https?:\/\/\S+$/, { error: `${name} must be an absolute http(s) URL` });

export const hostedPageRequestSchema = z.strictObject({
  PSPID: pspidSchema,
  ORDERID: orderIdRules(z.string({ error: 'ORDERID is required' }).min(1, { error: 'ORDERID is required' }), 'ORDERID'),
  AMOUNT: z
    .string({ error: 'AMOUNT is required' })
    // The amount × 100 for every currency (docs/ogone-protocol.md §2): digits only, at most 15.
    .regex(OGONE_AMOUNT_PATTERN, {
      error: `AMOUNT must be the amount × 100 (¥1,500 is 150000, €19.99 is 1999): digits only, at most ${OGONE_AMOUNT_MAX_DIGITS} digits, no separators`,
    }),
  CURRENCY: z.string({ error: 'CURRENCY is required' }).refine(isCurrency, { error: 'CURRENCY must be an ISO 4217 alphabetic code' }),
  LANGUAGE: z.enum(OGONE_LANGUAGES, { error: `LANGUAGE must be one of ${OGONE_LANGUAGES.join(', ')}` }),
  CN: text('CN').optional(),
  EMAIL: text('EMAIL').optional(),
  OWNERADDRESS: text('OWNERADDRESS').optional(),
  OWNERZIP: text('OWNERZIP').optional(),
  OWNERTOWN: text('OWNERTOWN').optional(),
  OWNERCTY: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'OWNERCTY must be a two-letter ISO 3166 country code' })
    .optional(),
  OWNERTELNO: text('OWNERTELNO').optional(),
  COM: text('COM').optional(),
  ACCEPTURL: url('ACCEPTURL').optional(),
  DECLINEURL: url('DECLINEURL').optional(),
  EXCEPTIONURL: url('EXCEPTIONURL').optional(),
  CANCELURL: url('CANCELURL').optional(),
  BACKURL: url('BACKURL').optional(),
  HOMEURL: text('HOMEURL').optional(),
  CATALOGURL: text('CATALOGURL').optional(),
  OPERATION: z.enum(ORDER_OPERATIONS, { error: 'OPERATION must be RES, SAL or PAU' }).optional(),
  PARAMPLUS: text('PARAMPLUS').optional(),
  COMPLUS: text('COMPLUS').optional(),
  TP: text('TP').optional(),
  TITLE: text('TITLE').optional(),
  PM: text('PM').optional(),
  BRAND: text('BRAND').optional(),
  PMLIST: text('PMLIST').optional(),
  WIN3DS: z.enum(['MAINW', 'POPUP', 'POPIX'], { error: 'WIN3DS must be MAINW, POPUP or POPIX' }).optional(),
  ALIAS: text('ALIAS').optional(),
  ALIASUSAGE: text('ALIASUSAGE').optional(),
  ALIASOPERATION: z.enum(['BYMERCHANT', 'BYPSP'], { error: 'ALIASOPERATION must be BYMERCHANT or BYPSP' }).optional(),
  ALIASPERSISTEDAFTERUSE: z.enum(['Y', 'N'], { error: 'ALIASPERSISTEDAFTERUSE must be Y or N' }).optional(),
  // Stored credentials when the page saves the card (docs/ogone-protocol.md §11).
  COF_INITIATOR: z.enum(['CIT', 'MIT'], { error: 'COF_INITIATOR must be CIT or MIT' }).optional(),
  COF_TRANSACTION: z.enum(['FIRST', 'SUBSEQ'], { error: 'COF_TRANSACTION must be FIRST or SUBSEQ' }).optional(),
  COF_SCHEDULE: z.enum(['SCHED', 'UNSCHED'], { error: 'COF_SCHEDULE must be SCHED or UNSCHED' }).optional(),
  SHASIGN: z.string().regex(SHASIGN_PATTERN, { error: 'SHASIGN must be a SHA-1, SHA-256 or SHA-512 hex digest' }).optional(),
});

export type HostedPageRequest = z.infer<typeof hostedPageRequestSchema>;
