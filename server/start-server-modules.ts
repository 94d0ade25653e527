/**
 * What `startServer` needs only once the database is migrated: the listener, the app and its
 * routes, the repository and the background workers — most of the bundle's compiled code. It is
 * one dynamic import, started once the migrations are under way (start-server.ts), so that
 * compiling and evaluating it overlaps them: on PostgreSQL a first start waits for the server to
 * create about 90 files, time this process would otherwise spend idle (issue 17). Only values
 * live here; types are imported by start-server.ts directly, and cost nothing at run time.
 * test/server/start-server-cold-start.test.ts keeps these out of start-server.ts's static imports.
 */
export { serve } from '@hono/node-server';
export { Hono } from 'hono';
export { getPath } from 'hono/utils/url';
export { createApp } from './app.ts';
export { syncTransaction } from './maintenance/index.ts';
export { createReconciler } from './reconciler/reconciler.ts';
export { createRetentionPurger } from './retention/purger.ts';
export { RETENTION_DEFAULTS } from './retention/policy.ts';
export { createAliasDeleter, DEFAULT_ALIAS_DELETION } from './aliases/deletion.ts';
export { createAppContext } from './create-app-context.ts';
export { guardConnections, listenerOptions } from './http/connection-guard.ts';
export { heldIdempotencyKeys } from './http/idempotency.ts';
export { FEEDBACK_PATH } from './payments/hosted-page.ts';
export { createKyselyRepository } from './repository/kysely-repository.ts';
export { createWebhookDispatcher } from './webhooks/dispatcher.ts';
export { isLivemode } from './payments/livemode.ts';
export { guardSandbox } from './sandbox-access.ts';
export { startMetricsListener } from './metrics/listener.ts';
export { countTransitions } from './metrics/repository.ts';
