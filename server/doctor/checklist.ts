/**
 * The Ogone back-office settings this deployment needs, filled in with its own values
 * (e-Commerce Advanced guide v5.4.4 §7 "Data and origin verification", §9 "Transaction
 * feedback", §11 "SHA"; DirectLink guide v4.3.3 "API user"; docs/ogone-protocol.md §5).
 * Secrets are never printed: the checklist names the variable that holds each one.
 */
import type { DoctorHeadings } from './i18n.ts';

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

const length = (n: number | undefined) => (n === undefined ? 'not set' : `${n} characters`);

export function buildChecklist(input: ChecklistInput, headings: DoctorHeadings): ChecklistSection[] {
  const algorithm = input.hashAlgorithm.toUpperCase().replace('SHA', 'SHA-');
  return [
    {
      id: 'globalSecurity',
      title: headings.globalSecurity,
      items: [
        { setting: 'Hash algorithm', value: algorithm },
        { setting: 'Character encoding', value: 'UTF-8 (we post to the *_utf8.asp pages)' },
      ],
    },
    {
      id: 'dataOrigin',
      title: headings.dataOrigin,
      items: [
        {
          setting: 'Checks for e-Commerce › URL of the merchant page containing the payment form',
          value: 'leave blank (every request is signed with SHA-IN)',
        },
        { setting: 'Checks for e-Commerce › SHA-IN pass phrase', value: `the value of OGONE_SHA_IN (${length(input.shaInLength)})` },
        { setting: 'Checks for DirectLink and automatic Batch › IP address', value: "this server's outgoing IP address" },
        {
          setting: 'Checks for DirectLink and automatic Batch › SHA-IN pass phrase',
          value: `the same value of OGONE_SHA_IN (${length(input.shaInLength)})`,
        },
      ],
    },
    {
      id: 'transactionFeedback',
      title: headings.transactionFeedback,
      items: [
        {
          setting: 'HTTP redirection in the browser',
          value: 'tick "I would like to receive transaction feedback parameters on the redirection URLs"',
        },
        {
          setting: 'Direct HTTP server-to-server request › Timing of the request',
          value: 'Online but switch to a deferred request when the online requests fail',
        },
        { setting: "URL of the merchant's post-payment page (accepted, on hold, uncertain)", value: input.returnUrl },
        { setting: "URL of the merchant's post-payment page (cancelled, too many declines)", value: input.returnUrl },
        { setting: 'Request method', value: 'POST' },
        { setting: 'Dynamic e-Commerce parameters', value: DYNAMIC_PARAMETERS.join(', ') },
        {
          setting: 'All transaction submission modes › SHA-OUT pass phrase',
          value: `the value of OGONE_SHA_OUT (${length(input.shaOutLength)})`,
        },
        {
          setting: 'HTTP request for status changes',
          value: 'No request (status changes reach us by the reconciler and by DirectLink answers)',
        },
        { setting: 'Default operation code', value: input.operation === 'RES' ? 'Authorisation (RES)' : 'Sale (SAL)' },
      ],
    },
    {
      id: 'apiUser',
      title: headings.apiUser,
      items: [
        { setting: 'UserID', value: input.userId ?? 'not set (OGONE_USER_ID)' },
        { setting: 'Profile', value: 'Admin' },
        { setting: 'Special user for API (no access to admin.)', value: 'ticked' },
        { setting: 'Password', value: 'the value of OGONE_PASSWORD' },
      ],
    },
    {
      id: 'alias',
      title: headings.alias,
      items: [
        { setting: 'Alias Manager option', value: 'active (saved cards)' },
        { setting: 'Return ALIAS in DirectLink responses', value: 'enabled (ALIAS is missing from DirectLink answers otherwise)' },
        { setting: 'ALIAS in the dynamic e-Commerce parameters', value: 'selected (see Transaction feedback)' },
      ],
    },
  ];
}
