/**
 * The maximum length of each request parameter we send, by Ogone's name: the formats of Ingenico's
 * DirectLink guide ("Request a new order") and Parameter Cookbook, the same on the hosted payment
 * page and DirectLink. Where nothing is published (PARAMPLUS, COMPLUS, TITLE, ALIASUSAGE, TP, PM,
 * BRAND) the limit is ours (docs/ogone-protocol.md §4, §14 "Hosted page — lengths"). The one table
 * for the hosted page schema, the DirectLink requests and the values we cut to fit; the sandbox
 * checks lengths from the guides on its own (docs/facts.md).
 */
export const PARAMETER_MAX_LENGTHS = {
  PSPID: 30,
  ORDERID: 40,
  CN: 35,
  EMAIL: 50,
  OWNERADDRESS: 50,
  OWNERZIP: 10,
  OWNERTOWN: 40,
  OWNERTELNO: 30,
  COM: 100,
  ACCEPTURL: 255,
  DECLINEURL: 255,
  EXCEPTIONURL: 255,
  CANCELURL: 255,
  BACKURL: 255,
  HOMEURL: 255,
  CATALOGURL: 255,
  PARAMPLUS: 1000,
  COMPLUS: 1000,
  TP: 255,
  TITLE: 100,
  PM: 25,
  BRAND: 25,
  PMLIST: 255,
  ALIAS: 50,
  ALIASUSAGE: 255,
} as const;

export type LimitedParameter = keyof typeof PARAMETER_MAX_LENGTHS;
