/**
 * OPERATION of a new payment, on the hosted payment page and in DirectLink alike: RES
 * (authorise), SAL (sale), or PAU (MasterCard pre-authorisation, which falls back to RES for other
 * brands; e-Commerce Advanced guide, "OPERATION"; docs/ogone-protocol.md §4). RFD is left out: it
 * needs the acquirer's consent.
 */
export const ORDER_OPERATIONS = ['RES', 'SAL', 'PAU'] as const;
export type OrderOperation = (typeof ORDER_OPERATIONS)[number];
