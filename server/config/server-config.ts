/**
 * What parseServerConfig (env.ts) returns: the server's settings once validated, in the names
 * the code uses. Tests and embedders build it by hand too, hence the optional fields.
 */
import type { ProviderConfig } from '../../shared/schemas/config.ts';
import type { AddressList } from './address-list.ts';
import type { HttpSettings } from './http-settings.ts';
import type { DuplicateAction } from '../repository/records/transactions.ts';

export interface ServerConfig {
  /** Ogone account; in sandbox mode the sandbox is configured with the same values. */
  provider: ProviderConfig;
  /** True when the server mounts the local sandbox and uses it as the platform. */
  sandbox: boolean;
  /** True when the sandbox credentials were generated (no OGONE_* credential was given). */
  demoCredentials: boolean;
  operation: 'SAL' | 'RES';
  /**
   * COF_SCHEDULE sent when a card is stored and when the merchant charges it (docs/ogone-protocol.md
   * §11); null sends none. Optional so hand-built configurations default to UNSCHED.
   */
  cofSchedule?: 'UNSCHED' | 'SCHED' | null;
  /** Where browsers and Ogone reach us; undefined until the listener is known (defaults to it). */
  publicUrl: string | undefined;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** DATABASE_POOL_SIZE: the PostgreSQL pool's size (unused on SQLite). */
  databasePoolSize: number;
  /** DATABASE_QUERY_TIMEOUT_SECONDS: a PostgreSQL query's answer waited for this long at most (db/query-deadline.ts). */
  databaseQueryTimeoutSeconds: number;
  merchantApiKeys: string[];
  merchantName: string;
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /**
   * WEBHOOK_SECRET_PREVIOUS: the secret being rotated out; while set, every delivery also carries
   * a signature made with it. Optional so hand-built configurations need not name it.
   */
  webhookSecretPrevious?: string | undefined;
  /** Origins allowed to call the public endpoints from a browser (`*` allows any). */
  allowedOrigins: string[];
  /**
   * Requests a minute one client address may make to the public endpoints (the widget's). Shoppers
   * behind one NAT or proxy share an address: a busy shop raises it.
   */
  rateLimitPerMinute: number;
  /**
   * Requests a minute one client address may make to `/payment/ogone/return` (default 600): far
   * above what Ogone sends from one address, it stops a replayed feedback URL from flooding the
   * log. Optional so hand-built configurations get the default.
   */
  feedbackRateLimitPerMinute?: number;
  /** Addresses / CIDRs never limited there (FEEDBACK_RATE_LIMIT_EXEMPT: Ogone's own servers). */
  feedbackRateLimitExempt?: AddressList;
  /** Personal data of payments older than this many days is removed (RETENTION_DAYS, default 400). */
  retentionDays?: number;
  /** Webhook events delivered longer ago than this many days are deleted (EVENT_RETENTION_DAYS, default 30). */
  eventRetentionDays?: number;
  /**
   * In payments created longer ago than this many days and in a final state, the feedback rows
   * repeating the applied one through another channel are deleted (FEEDBACK_LOG_RETENTION_DAYS, default 90).
   */
  feedbackLogRetentionDays?: number;
  logLevel: string;
  /**
   * Listener timeouts, connection cap, trusted proxies, shutdown grace (http-settings.ts).
   * Optional so hand-built configurations get the defaults.
   */
  http?: HttpSettings;
  /**
   * A second payment of an already paid session (two tabs): `refund` cancels or refunds it at
   * once through DirectLink, `keep` only flags it (payment.duplicate). Optional: default refund.
   * Recorded with each flag: a later change of the setting leaves flagged payments as announced.
   */
  duplicatePayments?: DuplicateAction;
}

/** Demo credentials generated and persisted for the sandbox (see demo-credentials.ts). */
export interface DemoCredentials {
  pspid: string;
  userId: string;
  password: string;
  shaIn: string;
  shaOut: string;
  merchantApiKey: string;
}
