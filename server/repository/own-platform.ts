/**
 * The rows a server on one platform (Ogone test or production: payments/livemode.ts) treats as its
 * own: those it stamped with its `livemode`, and those that record none — written before migration
 * 0023, when a server only ever talked to one platform. A payment, saved card or alias deletion
 * stamped for the other platform is unknown to this one's: queried, charged or deleted here, its
 * "unknown order" or "not found" would be read as an answer about it.
 *
 * The platform is a literal, never a parameter: 0 or 1 only, and the plans stay the same for both
 * (a filter on the rows an index range found, never a range itself).
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';

/** The tables that stamp each row with the platform it was made for. */
type StampedTable = 'transactions' | 'aliases' | 'webhook_events';

/** `livemode IS NULL OR livemode = platform`, for a `where`. */
export const ofPlatform =
  (platform: Flag) =>
  <T extends StampedTable>(eb: ExpressionBuilder<Database, T>) => {
    const livemode = sql.ref<Database[StampedTable]['livemode']>('livemode');
    return eb.or([eb(livemode, 'is', null), eb(livemode, '=', sql.lit(platform))]);
  };
