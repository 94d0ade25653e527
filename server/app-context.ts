/**
 * What every route factory and every background worker receives: the server's dependencies,
 * resolved once (no hidden globals). start-server.ts builds one context and hands it to the app,
 * the reconciler, the alias deleter, the retention purger and the webhook dispatcher; tests
 * build theirs the same way (create-app-context.ts). Types only: every module may import it
 * without importing what the factory wires.
 */
import type { AttemptResult, CreateAttempt } from '../shared/schemas/api.ts';
import type { Clock } from './clock.ts';
import type { DirectLinkClient } from './directlink/client.ts';
import type { AliasDeletionSettings } from './aliases/deletion.ts';
import type { ReconcilerSettings } from './config/reconciler-settings.ts';
import type { ServerConfig } from './config/env.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics/metrics.ts';
import type { CheckoutSessionRecord, Repository } from './repository/types.ts';

export type ResolvedConfig = ServerConfig & { publicUrl: string };

/**
 * When the reconciler asks the platform about a payment (config/reconciler-settings.ts): once it
 * changed `afterMs` ago, in its next round (`intervalMs`), while younger than `maxAgeMs`. A feedback
 * leaves to a query only what such a query will read in time (feedback/apply.ts). Every instance
 * has the same settings (docs/deploy.md §9), whichever runs the rounds.
 */
export type Reconciliation = Pick<ReconcilerSettings, 'maxAgeMs' | 'afterMs' | 'intervalMs'>;

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
  /** What the reconciler will ask the platform about (feedback/apply.ts); default when absent. */
  reconciliation?: Reconciliation;
  /** The server's Prometheus metrics (metrics/); absent in apps built without them (most tests). */
  metrics?: Metrics;
}

/** What a context is built from: the required pieces, and optional ones that have defaults. */
export interface AppContextDeps {
  config: ResolvedConfig;
  repository: Repository;
  logger: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** The webhook dispatcher (or anything with `nudge`); absent when no WEBHOOK_URL is set. */
  webhooks?: { nudge(): void };
  /** Base URL of the platform when it differs from the configuration (the mounted sandbox). */
  platformBaseUrl?: string;
  /** Saved-card payments (issue 6); by default DirectLink with `directLink`. */
  aliasPayments?: AliasPaymentHandler;
  /** DirectLink client: saved cards, capture / refund / cancel, sync. */
  directLink?: DirectLinkClient;
  /** See AppContext.unknownOutcomeGraceMs (default 10 minutes). */
  unknownOutcomeGraceMs?: number;
  /** Retry policy of alias deletions at the platform (default DEFAULT_ALIAS_DELETION). */
  aliasDeletion?: AliasDeletionSettings;
  /** When the reconciler asks about a payment (default: its settings' defaults). */
  reconciliation?: Reconciliation;
  /** Prometheus metrics: the HTTP middleware and GET /metrics are there only with them. */
  metrics?: Metrics;
}
