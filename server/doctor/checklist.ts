/**
 * The Ogone back-office settings this deployment needs, filled in with its own values
 * (e-Commerce Advanced guide v5.4.4 §7 "Data and origin verification", §9 "Transaction
 * feedback", §11 "SHA"; DirectLink guide v4.3.3 "API user"; docs/ogone-protocol.md §5).
 * Secrets are never printed: the checklist names the variable that holds each one.
 */
import { isHashAlgorithm } from '../../shared/signature.ts';
import type { DoctorMessages } from './locales/en.ts';

/** The dynamic e-Commerce parameters our return route reads (e-Commerce Advanced §9.2.3.1's list plus ALIAS and IP; docs/ogone-protocol.md §5). */
export const DYNAMIC_PARAMETERS = [
  'ACCEPTANCE',
  'ALIAS',
  'AMOUNT',
  'BRAND',
  'CARDNO',
  'CN',
  'CURRENCY',
  'ED',
  'IP',
  'NCERROR',
  'ORDERID',
  'PAYID',
  'PM',
  'STATUS',
  'TRXDATE',
];

export interface ChecklistItem {
  setting: string;
  value: string;
}

export interface ChecklistSection {
  id: 'globalSecurity' | 'dataOrigin' | 'transactionFeedback' | 'apiUser' | 'alias';
  title: string;
  items: ChecklistItem[];
}

export interface ChecklistInput {
  hashAlgorithm: string;
  returnUrl: string;
  userId: string | undefined;
  shaInLength: number | undefined;
  shaOutLength: number | undefined;
  operation: string;
}

export function buildChecklist(input: ChecklistInput, t: DoctorMessages): ChecklistSection[] {
  const length = (n: number | undefined) => (n === undefined ? t.notSet : t.characters(n));
  // An unknown value is not repeated (it may be a passphrase on the wrong line): what to fix is.
  const algorithm = isHashAlgorithm(input.hashAlgorithm)
    ? input.hashAlgorithm.toUpperCase().replace('SHA', 'SHA-')
    : t.hashAlgorithmUnknown();
  return [
    {
      id: 'globalSecurity',
      title: t.globalSecurity,
      items: [
        { setting: 'Hash algorithm', value: algorithm },
        { setting: 'Character encoding', value: t.encodingValue },
      ],
    },
    {
      id: 'dataOrigin',
      title: t.dataOrigin,
      items: [
        {
          setting: 'Checks for e-Commerce › URL of the merchant page containing the payment form',
          value: t.leaveBlank,
        },
        { setting: 'Checks for e-Commerce › SHA-IN pass phrase', value: t.shaInValue(length(input.shaInLength)) },
        { setting: 'Checks for DirectLink and automatic Batch › IP address', value: t.outgoingIp },
        {
          setting: 'Checks for DirectLink and automatic Batch › SHA-IN pass phrase',
          value: t.sameShaInValue(length(input.shaInLength)),
        },
      ],
    },
    {
      id: 'transactionFeedback',
      title: t.transactionFeedback,
      items: [
        {
          setting: 'HTTP redirection in the browser',
          value: t.tickRedirect,
        },
        {
          setting: 'Direct HTTP server-to-server request › Timing of the request',
          value: t.onlineDeferred,
        },
        { setting: "URL of the merchant's post-payment page (accepted, on hold, uncertain)", value: input.returnUrl },
        { setting: "URL of the merchant's post-payment page (cancelled, too many declines)", value: input.returnUrl },
        { setting: 'Request method', value: 'POST' },
        { setting: 'Dynamic e-Commerce parameters', value: DYNAMIC_PARAMETERS.join(', ') },
        {
          setting: 'All transaction submission modes › SHA-OUT pass phrase',
          value: t.shaOutValue(length(input.shaOutLength)),
        },
        {
          setting: 'HTTP request for status changes',
          value: t.noStatusRequest,
        },
        { setting: 'Default operation code', value: input.operation === 'RES' ? t.operationAuthorisation : t.operationSale },
      ],
    },
    {
      id: 'apiUser',
      title: t.apiUser,
      items: [
        { setting: 'UserID', value: input.userId ?? t.userIdNotSet },
        { setting: 'Profile', value: 'Admin' },
        { setting: 'Special user for API (no access to admin.)', value: t.ticked },
        { setting: 'Password', value: t.passwordValue },
      ],
    },
    {
      id: 'alias',
      title: t.alias,
      items: [
        { setting: 'Alias Manager option', value: t.aliasActive },
        { setting: 'Return ALIAS in DirectLink responses', value: t.aliasReturned },
        { setting: 'ALIAS in the dynamic e-Commerce parameters', value: t.aliasSelected },
      ],
    },
  ];
}
