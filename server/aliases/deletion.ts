/**
 * Forgetting a saved card (`DELETE /api/aliases/:id`): the alias is marked deletion_pending at
 * once — no longer listed, no longer chargeable (409) — and deleted at the platform by a Batch
 * DELALIAS (batch-delete.ts, docs/ogone-protocol.md §10). The first attempt is made in the request;
 * a failed one is retried by the alias deleter with a doubling delay until the platform confirms.
 * `alias.deleted` goes out once, when the platform has confirmed.
 */
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import type { AppContext } from '../app-context.ts';
import { CLOCK_SKEW_TOLERANCE_MS, type Clock } from '../clock.ts';
import { PaymentError } from '../domain/payment-error.ts';
import { assertSamePlatform } from '../payments/livemode.ts';
import { aliasView } from '../payments/views.ts';
import type { AliasRecord } from '../repository/types.ts';
import { deleteAliasAtPlatform, type BatchDeletionResult } from './batch-delete.ts';
import { savedCardNotFound } from './card-not-found.ts';

export interface AliasDeletionSettings {
  /** How often the deleter looks for due retries (0: never — tests drive `runOnce`). */
  intervalMs: number;
  /** Delay before the first retry; doubled after each failure up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** How long one upload may wait for the platform's answer. */
  timeoutMs: number;
}

export const DEFAULT_ALIAS_DELETION: AliasDeletionSettings = {
  intervalMs: 30_000,
  firstRetryMs: 60_000,
  maxRetryMs: 3_600_000,
  timeoutMs: 30_000,
};

/** The delay after `attempts` failed attempts: first, ×2, ×4 … capped. */
export function retryDelayMs(settings: AliasDeletionSettings, attempts: number): number {
  return Math.min(settings.maxRetryMs, settings.firstRetryMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** A saved card that is being forgotten cannot pay: 409 naming it (`field` is the caller's name for it). */
export function assertChargeable(ctx: Pick<AppContext, 'config'>, alias: AliasRecord, field: string): void {
  assertSamePlatform(ctx.config, alias, `the saved card ${alias.id}`, field);
  if (alias.deletionStatus === 'pending') {
    throw new PaymentError(
      'conflict',
      'alias_deletion_pending',
      `${field}: the saved card ${alias.id} is being deleted and can no longer be charged`,
      { field },
    );
  }
}

/**
 * How long a claim holds a card while its DELALIAS is uploaded: the upload's timeout and a margin,
 * plus the clock difference docs/deploy.md allows between instances (server/clock.ts). The lease is
 * stamped with the claimer's clock and read with another's: without that allowance, an instance a
 * minute ahead took over a DELALIAS still on the wire and sent a second one (review r700).
 */
export function deletionLeaseMs(settings: AliasDeletionSettings): number {
  return settings.timeoutMs + 5_000 + CLOCK_SKEW_TOLERANCE_MS;
}

function settingsOf(ctx: AppContext): AliasDeletionSettings {
  return ctx.aliasDeletion ?? DEFAULT_ALIAS_DELETION;
}

/**
 * DELALIAS uploads in flight in this process, per context. A DELETE that finds the deletion
 * already claimed — by the background deleter's tick or by a concurrent DELETE — waits for that
 * upload's outcome instead of answering 202 while the answer is a moment away. An upload made by
 * another instance is not seen here; that request answers 202 and the deletion completes there.
 */
const uploadsInFlight = new WeakMap<AppContext, Map<string, Promise<boolean>>>();

function inFlight(ctx: AppContext): Map<string, Promise<boolean>> {
  let uploads = uploadsInFlight.get(ctx);
  if (!uploads) uploadsInFlight.set(ctx, (uploads = new Map()));
  return uploads;
}

/**
 * Attempts a claimed deletion, visible to concurrent DELETEs of the same alias until it settles.
 * `stop`: the background deleter's, which cuts the upload when the server stops.
 */
function attemptTracked(ctx: AppContext, alias: AliasRecord, stop?: AbortSignal): Promise<boolean> {
  const uploads = inFlight(ctx);
  const attempt = attemptDeletion(ctx, alias, stop).finally(() => {
    if (uploads.get(alias.id) === attempt) uploads.delete(alias.id);
  });
  uploads.set(alias.id, attempt);
  return attempt;
}

/** One DELALIAS for a claimed alias, recorded; true once the deletion is done (confirmed and recorded). */
async function attemptDeletion(ctx: AppContext, alias: AliasRecord, stop?: AbortSignal): Promise<boolean> {
  // The claim's lease (claimAliasDeletions): the attempt is recorded only while it still holds.
  if (!alias.deletionNextAttemptAt) throw new Error(`alias ${alias.id}: a deletion is attempted only once claimed`);
  const settings = settingsOf(ctx);
  const attempts = (alias.deletionAttempts ?? 0) + 1;
  let result: BatchDeletionResult;
  if (!ctx.directLink) {
    // No API user (payments disabled or DirectLink not configured): nothing can be sent. Reached
    // from a DELETE only (forgetAlias): the card is no longer listed nor chargeable, and its
    // deletion waits, pending, for a server that can send it, as the deleter's own rounds do
    // (§14). Recorded done, the merchant was answered "deleted at the platform" and `alias.deleted`
    // went out while Ogone still held the card (review r1160).
    result = { confirmed: false, reason: 'no API user configured (OGONE_API_USERID): nothing could be sent to the platform' };
    ctx.logger.warn(
      { aliasId: alias.id },
      'no API user configured: the saved card is forgotten here, its deletion at the platform waits for a server with an API user (or delete it in the Ogone back office)',
    );
  } else {
    result = await deleteAliasAtPlatform(
      { config: ctx.config.provider, baseUrl: ctx.platformBaseUrl, timeoutMs: settings.timeoutMs, signal: stop },
      alias.alias,
      `DEL-${alias.id}-${attempts}`.slice(0, 50),
    );
  }
  const now = ctx.clock.now();
  if (!result.confirmed) {
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(settings, attempts)).toISOString();
    const recorded = await ctx.repository.recordAliasDeletion(alias.id, { ok: false, error: result.reason, nextAttemptAt, claim: alias });
    ctx.logger.warn(
      { aliasId: alias.id, attempts, reason: result.reason, ...(recorded ? { nextAttemptAt } : {}) },
      recorded
        ? 'saved card not yet deleted at the platform; will retry'
        : 'saved card not yet deleted at the platform; its deletion was claimed again meanwhile, which retries it',
    );
    return false;
  }
  const at = now.toISOString();
  const changed = await ctx.repository.recordAliasDeletion(alias.id, {
    ok: true,
    claim: alias,
    at,
    event: (deleted) => ({
      type: 'alias.deleted' satisfies WebhookEventType,
      reference: deleted.reference,
      data: { ...aliasView(deleted), deletedAt: at },
    }),
  });
  if (changed) {
    ctx.webhooks.nudge();
    ctx.logger.info(
      { aliasId: alias.id, customerId: alias.customerId, attempts, alreadyGone: result.alreadyGone },
      'saved card deleted at the platform',
    );
    return true;
  }
  // Not recorded by this call: done by another at the same time, or claimed again meanwhile (the
  // platform stored the alias again), whose DELALIAS is still to come — not a confirmation then.
  return (await ctx.repository.getAlias(alias.id))?.deletionStatus === 'done';
}

/** The merchant API's answer for an alias being forgotten or forgotten. */
function deletionView(alias: AliasRecord) {
  const done = alias.deletionStatus === 'done' || alias.deletedAt !== null;
  return {
    ...aliasView(alias),
    deleted: done,
    deletionStatus: done ? ('deleted' as const) : ('deletion_pending' as const),
    ...(done
      ? { deletedAt: alias.deletedAt }
      : { deletionRequestedAt: alias.deletionRequestedAt ?? null, nextAttemptAt: alias.deletionNextAttemptAt ?? null }),
  };
}

/**
 * Marks the alias deletion_pending and, when this request holds the claim, makes the first
 * attempt; when another caller in this process holds the claim, waits for that attempt. 200 once
 * deleted at the platform, 202 while pending; 404 for an unknown or already deleted alias — unless
 * `resumed`: the retry, under its Idempotency-Key, of a DELETE interrupted before its answer was
 * kept, which is told the card is deleted. Repeated or concurrent calls send at most one DELALIAS
 * at a time.
 */
export async function forgetAlias(
  ctx: AppContext,
  id: string,
  options: { resumed?: boolean } = {},
): Promise<{ status: 200 | 202; livemode?: boolean | undefined; body: ReturnType<typeof deletionView> }> {
  const now = ctx.clock.now();
  // A card saved on the other platform: that platform holds it, and this one's "not found" would
  // confirm a deletion that never happened (README "Going live"). Refused, nothing marked.
  const saved = await ctx.repository.getAlias(id);
  if (saved && !saved.deletedAt && saved.deletionStatus !== 'done') assertSamePlatform(ctx.config, saved, 'this saved card', 'id');
  const marked = await ctx.repository.requestAliasDeletion(id, now.toISOString());
  if (marked && (marked.deletedAt !== null || marked.deletionStatus === 'done') && options.resumed) {
    // The first DELETE under this key was killed (or answered 5xx) after the deletion, before its
    // answer was kept: its retry is told it was done, as the first would have been, not 404 for
    // what it deleted itself (http/idempotency.ts; review r1330). Nothing is sent or emitted again.
    return { status: 200, livemode: marked.livemode, body: deletionView(marked) };
  }
  if (!marked || marked.deletedAt !== null || marked.deletionStatus === 'done') throw savedCardNotFound();
  const uploads = inFlight(ctx);
  const running = uploads.get(id);
  // Another DELETE of this card in this process is claiming or uploading: its outcome is ours.
  // (Waiting for its claim query to answer — one setImmediate — was not enough under load: the
  // other DELETEs answered 202 while the upload was in flight.) Its failure is recorded by it.
  if (running) await running.catch(() => false);
  else {
    let claimDone!: () => void;
    const claiming = new Promise<boolean>((resolve) => (claimDone = () => resolve(false)));
    uploads.set(id, claiming);
    try {
      const [claimed] = await ctx.repository.claimAliasDeletions({
        // The clock read now, not before the mark: another request's mark, made after this one read
        // the clock, is the one that counts, and an earlier `now` found it not due yet (202s).
        now: ctx.clock.now().toISOString(),
        limit: 1,
        leaseMs: deletionLeaseMs(settingsOf(ctx)),
        id,
      });
      if (claimed) await attemptTracked(ctx, claimed);
      else {
        // Someone else holds the claim (the background deleter, another instance). The claimer's
        // own continuation may not have run yet (its UPDATE returned on another connection), so
        // look once more after pending I/O callbacks.
        let upload = uploads.get(id);
        if (upload === claiming) {
          await new Promise((resolve) => setImmediate(resolve));
          upload = uploads.get(id);
        }
        if (upload && upload !== claiming) await upload.catch(() => false);
      }
    } finally {
      if (uploads.get(id) === claiming) uploads.delete(id);
      claimDone();
    }
  }
  const current = (await ctx.repository.getAlias(id)) ?? marked;
  return { status: current.deletionStatus === 'done' ? 200 : 202, livemode: current.livemode, body: deletionView(current) };
}

export interface AliasDeleter {
  start(): void;
  /** One round now: retries every due deletion; resolves with the ids confirmed. */
  runOnce(): Promise<string[]>;
  close(): Promise<void>;
}

/** Deletions attempted per round at most (the rest wait for the next round). */
const ROUND_LIMIT = 20;

/** Retries pending deletions in the background (the reconciler's pattern: a timer, leased claims). */
export function createAliasDeleter(ctx: AppContext, clock: Clock = ctx.clock): AliasDeleter {
  const settings = settingsOf(ctx);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;
  let closed = false;
  // Aborted by close(): an upload the platform holds is cut instead of waiting out its timeout
  // (30 s), past serve's stop deadline (review r1697). Cut, it is recorded not confirmed and
  // retried as any failed DELALIAS (docs/ogone-protocol.md §10); a DELALIAS is safe to repeat.
  const stopping = new AbortController();

  async function round(): Promise<string[]> {
    const confirmed: string[] = [];
    // No API user (payments disabled, DirectLink not configured): nothing can be sent
    // (docs/ogone-protocol.md §14). Claimed here, the deletions left to retry — requested while payments were enabled,
    // their DELALIAS failed, and repeats of saved cards — were recorded done and announced with
    // `alias.deleted` while the platform still held them (review r760). §10: only the platform's
    // confirmation deletes; they wait for a server that can send.
    if (!ctx.directLink) return confirmed;
    // One claim per upload, made just before it: a lease covers one DELALIAS (the timeout and a
    // margin). Twenty leased at once expired while the first uploads ran slowly, and another
    // instance sent the later ones a second time.
    for (let sent = 0; sent < ROUND_LIMIT && !closed; sent++) {
      const [alias] = await ctx.repository.claimAliasDeletions({
        now: clock.now().toISOString(),
        limit: 1,
        leaseMs: deletionLeaseMs(settings),
      });
      if (!alias) break;
      try {
        if (await attemptTracked(ctx, alias, stopping.signal)) confirmed.push(alias.id);
      } catch (error) {
        // One alias's trouble (database hiccup…) must not stop the round; its lease expires.
        ctx.logger.warn(
          { aliasId: alias.id, error: error instanceof Error ? error.message : String(error) },
          'alias deletion attempt failed',
        );
      }
    }
    return confirmed;
  }

  const run = () => {
    running ??= round()
      .catch((error: unknown) => {
        ctx.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'alias deletion round failed');
        return [] as string[];
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    start() {
      // Without an API user a round does nothing (round, above): no timer.
      if (timer || settings.intervalMs <= 0 || !ctx.directLink) return;
      timer = setInterval(() => void run(), settings.intervalMs);
      timer.unref();
    },
    async runOnce() {
      while (running) await running;
      return run();
    },
    async close() {
      closed = true;
      stopping.abort();
      if (timer) clearInterval(timer);
      timer = undefined;
      if (running) await running;
    },
  };
}
