/**
 * The types of the `ogone-checkout` package's main entry (server/index.ts). Kept free of imports
 * so its declaration file stands alone: the package's bundled dependencies (Hono, Kysely, zod)
 * are not installed with it, so no public type may name theirs.
 */

export interface ServerOptions {
  /** The settings, as environment variables (README "Configuration"); e.g. `process.env`. */
  env: Record<string, string | undefined>;
  /** Overrides PORT (0: any free port). */
  port?: number;
  /** Overrides HOST. */
  host?: string;
  /** No log output at all. */
  quiet?: boolean;
}

export interface Server {
  /** Where it listens, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** The METRICS_PORT listener's address, when there is one. */
  metricsUrl?: string;
  /** Answers a request without the network (the app's own fetch handler). */
  fetch(request: Request): Response | Promise<Response>;
  /** Stops listening, lets in-flight requests and background work finish, closes the database. */
  close(): Promise<void>;
}

/** What `ogone-checkout serve` runs: the signer server (and the sandbox, in sandbox mode). */
export type StartServer = (options: ServerOptions) => Promise<Server>;
