/**
 * The longest search (`q`) the merchant API takes on GET /api/transactions and its CSV export
 * (server/routes/merchant/transaction-filters.ts): long enough for an e-mail address (RFC 5321:
 * 254) and any of our other keys. The dashboard's search box and its URL keep as much (review r1020).
 */
export const SEARCH_MAX_LENGTH = 254;
