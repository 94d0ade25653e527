/**
 * The names Ogone puts into the SHA-OUT digest of a feedback, in the official order.
 * Source: the official SHA-OUT list (e-Commerce Advanced guide v5.4.4, §17 "List of Parameters
 * to be included in SHA Calculations", SHA-OUT); see docs/ogone-protocol.md §3.
 * Any other name a feedback carries (PARAMPLUS keys, our own query parameters, SHASIGN itself)
 * is left out of the digest — an outdated copy of this list is the classic cause of valid
 * feedback being rejected (odoo#2568, #12199, #41067).
 */
export const SHA_OUT_PARAMETER_NAMES = [
  'AAVADDRESS', 'AAVCHECK', 'AAVMAIL', 'AAVNAME', 'AAVPHONE', 'AAVZIP', 'ACCEPTANCE', 'ALIAS',
  'AMOUNT', 'BIC', 'BIN', 'BRAND', 'CARDNO', 'CCCTY', 'CN', 'COLLECTOR_BIC', 'COLLECTOR_IBAN',
  'COMPLETIONID', 'COMPLUS', 'CREATION_STATUS', 'CREDITDEBIT', 'CURRENCY', 'CVCCHECK',
  'DCC_COMMPERCENTAGE', 'DCC_CONVAMOUNT', 'DCC_CONVCCY', 'DCC_EXCHRATE', 'DCC_EXCHRATESOURCE',
  'DCC_EXCHRATETS', 'DCC_INDICATOR', 'DCC_MARGINPERCENTAGE', 'DCC_VALIDHOURS', 'DEVICEID',
  'DIGESTCARDNO', 'ECI', 'ED', 'EMAIL', 'ENCCARDNO', 'FXAMOUNT', 'FXCURRENCY', 'IP', 'IPCTY',
  'MANDATEID', 'MOBILEMODE', 'NBREMAILUSAGE', 'NBRIPUSAGE', 'NBRIPUSAGE_ALLTX', 'NBRUSAGE',
  'NCERROR', 'ORDERID', 'PAYID', 'PAYIDSUB', 'PAYMENT_REFERENCE', 'PM', 'REQUESTCOMPLETIONID',
  'SCO_CATEGORY', 'SCORING', 'SEQUENCETYPE', 'SIGNDATE', 'STATUS', 'SUBBRAND', 'SUBSCRIPTION_ID',
  'TICKET', 'TRXDATE', 'VC',
] as const;

export const SHA_OUT_PARAMETERS: ReadonlySet<string> = new Set(SHA_OUT_PARAMETER_NAMES);
