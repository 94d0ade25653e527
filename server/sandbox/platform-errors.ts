/**
 * The platform's error texts, verbatim, as the guides' troubleshooting appendices print them
 * (e-Commerce Advanced guide, appendix "Troubleshooting"; DirectLink guide §7 "Appendix:
 * Troubleshooting"; docs/ogone-protocol.md §7 and §13): the hosted payment page shows them, and
 * DirectLink answers carry them in NCERRORPLUS.
 */
import { ncErrorMessage, NCERROR } from './ncerrors.ts';

export const PLATFORM_ERRORS = {
  shaMismatch: 'unknown order/1/s',
  shaMissing: 'unknown order/0/s',
  pspidNotFound: 'PSPID not found or not active',
  missing: (name: string) => `no ${name}`,
  // The guides have no text for this; worded like the others (docs/ogone-protocol.md §3, §14).
  repeated: (name: string) => `${name} given more than once`,
  tooLong: (name: string) => `${name.toLowerCase()} too long`,
  amount: (value: string) => `amount too long or not numeric: ${value}`,
  currency: (value: string) => `not a valid currency : ${value}`,
  paymentMethod: (value: string) => `ERROR, PAYMENT METHOD NOT FOUND FOR: ${value}`,
  operation: ncErrorMessage(NCERROR.OPERATION_NOT_ALLOWED),
  alreadyProcessed: ncErrorMessage(NCERROR.ALREADY_PROCESSED),
} as const;
