/** What every route factory receives: the app's dependencies, resolved (no hidden globals). */
import type { AttemptResult, CreateAttempt } from '../shared/schemas/api.ts';
import type { Clock } from './clock.ts';
import type { DirectLinkClient } from './directlink/client.ts';
import type { AliasDeletionSettings } from './aliases/deletion.ts';
import type { ServerConfig } from './config/env.ts';
import type { Logger } from './logger.ts';
import type { CheckoutSessionRecord, Repository } from './repository/types.ts';

export type ResolvedConfig = ServerConfig & { publicUrl: string };

/**
 * Pays with a saved card (DirectLink + ALIAS, issue 6). Without one, an attempt naming an
 * `aliasId` answers 501.
 */
export type AliasPaymentHandler = (input: {
  session: CheckoutSessionRecord;
  aliasId: string;
  attempt: CreateAttempt;
  request: Request;
  /** The shopper's IP as this server sees it (REMOTE_ADDR for 3-D Secure and fraud checks). */
  clientAddress?: string;
}) => Promise<AttemptResult>;

export interface AppContext {
  config: ResolvedConfig;
  repository: Repository;
  logger: Logger;
  clock: Clock;
  /** Told after every committed state change so webhooks go out without waiting for the poll. */
  webhooks: { nudge(): void };
  /** The platform's base URL when it is not the configured one (the mounted sandbox). */
  platformBaseUrl: string | undefined;
  aliasPayments: AliasPaymentHandler | undefined;
  /** DirectLink (saved cards, capture / refund / cancel, queries); absent when not configured. */
  directLink: DirectLinkClient | undefined;
  /**
   * How long an operation whose DirectLink call got no answer stays "unknown" when a query finds
   * no trace of it; after that it is taken as never received and its amount is released.
   */
  unknownOutcomeGraceMs: number;
  /** Retry policy of alias deletions at the platform (aliases/deletion.ts); default when absent. */
  aliasDeletion?: AliasDeletionSettings;
}
