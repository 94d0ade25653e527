/**
 * A fake platform holding one order's history levels as the DirectLink guide shows them (§5.1.2):
 * a query by PAYID answers the order's STATUS and its last level's PAYIDSUB; by PAYIDSUB, that
 * level with its own amount, or NCERROR 50001131 when there is none. A maintenance call makes a
 * level (9 for a capture, 8 for a refund) and is answered with it; `backOffice` makes one as the
 * back office would. For tests of syncs beside operations of ours and the back office's.
 */
import assert from 'node:assert/strict';
import type { ReconcilerSettings } from '../../../server/config/reconciler-settings.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { newHostedAttempt, type TestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';
export interface Level {
  status: string;
  amount: string;
}

/** A gate a test opens: `opened` resolves once `open` was called. */
export function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * Holds head queries (querydirect without PAYIDSUB) once armed, until two have arrived: two syncs
 * started together both ask the platform before either applies what it read.
 */
export function headQueryBarrier() {
  let armed: { waiting: number; release: () => void } | undefined;
  let released = Promise.resolve();
  return {
    arm() {
      const { open, opened } = gate();
      armed = { waiting: 0, release: open };
      released = opened;
    },
    /** Awaited by the fake platform's handler before it answers `path`. */
    async hold(path: string, form: Record<string, string | undefined>) {
      if (!armed || !path.includes('querydirect') || form.PAYIDSUB !== undefined) return;
      const held = armed;
      const waitFor = released;
      if (++held.waiting === 2) {
        armed = undefined;
        held.release();
      }
      await waitFor;
    },
  };
}

/** A maintenance call held before it reaches the platform (`reach`) and before it answers (`answer`). */
export interface StalledCall {
  entered: ReturnType<typeof gate>;
  reach: ReturnType<typeof gate>;
  reached: ReturnType<typeof gate>;
  answer: ReturnType<typeof gate>;
}

/**
 * A DirectLink answer about `orderID` / `PAYID` (a new order's, a maintenance's or a query's), as
 * [DL] §3.2 shows it: PAYIDSUB only when a level is named.
 */
export function levelAnswer(
  subject: { orderID: string; PAYID: string },
  status: string,
  payIdSub: number | undefined,
  amount: string,
): Record<string, string> {
  return platformAnswer({
    orderID: subject.orderID,
    PAYID: subject.PAYID,
    ...(payIdSub !== undefined ? { PAYIDSUB: String(payIdSub) } : {}),
    ACCEPTANCE: 'test123',
    STATUS: status,
    amount,
    PM: 'CreditCard',
    BRAND: 'VISA',
  });
}

/** The platform has no such history level (NCERROR 50001131). */
export const noSuchLevel = (answer: Record<string, string>) => ({ ...answer, NCERROR: '50001131', NCSTATUS: '5', STATUS: '' });

/**
 * The platform of one saved-card order: a new order answers 5 and starts it; each maintenance call
 * is what `maintenance` says — `lost` (it times out before reaching the platform) or the STATUS of
 * the level it makes, answered with it; queries read the order and its levels as historyLevels's do.
 */
export function orderWithLevels(payId: string, maintenance: (form: Record<string, string>, call: number) => 'lost' | string) {
  const p = {
    reference: '',
    head: '5',
    levels: [] as Level[],
    /** Maintenance that reached the platform: `OPERATION AMOUNT`. */
    sent: [] as string[],
    calls: 0,
    answer: (status: string, payIdSub?: number, amount = '19.99') =>
      levelAnswer({ orderID: p.reference, PAYID: payId }, status, payIdSub, amount),
    handle(path: string, form: Record<string, string>): Record<string, string> {
      if (path.includes('orderdirect')) {
        Object.assign(p, { reference: form.ORDERID!, head: '5' });
        p.levels.length = 0;
        return p.answer('5');
      }
      if (path.includes('maintenancedirect')) {
        const status = maintenance(form, ++p.calls);
        if (status === 'lost') throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        p.sent.push(`${form.OPERATION} ${form.AMOUNT}`);
        const amount = (Number(form.AMOUNT) / 100).toFixed(2);
        p.levels.push({ status, amount });
        p.head = status;
        return p.answer(status, p.levels.length, amount);
      }
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      if (form.PAYIDSUB === undefined) return p.answer(p.head, p.levels.length);
      const level = p.levels[Number(form.PAYIDSUB) - 1];
      return level ? p.answer(level.status, Number(form.PAYIDSUB), level.amount) : noSuchLevel(p.answer('', Number(form.PAYIDSUB)));
    },
  };
  return p;
}

export function historyLevels(payId = '3014726') {
  let stall: StalledCall | undefined;
  const platform = {
    /** The PAYID of the order, named by its answers and by the feedbacks a test posts. */
    payId,
    reference: '',
    levels: [] as Level[],
    head: { status: '9', amount: '19.99' },
    /** The maintenance forms received, in order. */
    maintenance: [] as Array<Record<string, string>>,
    /** The STATUS of the level a DES makes: 6 (deleted at once) or 61 (deletion waiting). */
    deletionStatus: '6',
    /**
     * How a maintenance call is answered once its level is made: by default with the level's
     * STATUS and PAYIDSUB. `stalled` says whether the call was held (stallNext).
     */
    maintenanceAnswer: (level: Level, payIdSub: number, _form: Record<string, string>, _stalled: boolean): Record<string, string> =>
      platform.answer(level.status, payIdSub, level.amount),

    answer: (status: string, payIdSub: number, amount: string): Record<string, string> =>
      levelAnswer({ orderID: platform.reference, PAYID: payId }, status, payIdSub, amount),

    /** A new order of `reference`, its STATUS `status`, no level yet. */
    start(reference: string, status: string) {
      platform.reference = reference;
      platform.levels = [];
      platform.head = { status, amount: '19.99' };
      platform.maintenance.length = 0;
    },

    /** A level made in the back office: the order's STATUS becomes the level's. */
    backOffice(level: Level) {
      platform.levels.push(level);
      platform.head = { ...platform.head, status: level.status };
    },

    /** The level `level` now says `status` (94: the acquirer took its refund back), and so does the order. */
    levelSays(level: number, status: string) {
      platform.levels[level - 1]!.status = status;
      platform.orderSays(status);
    },

    /** The order's STATUS alone changes (a reversal shown on no level, or a level's newest event). */
    orderSays(status: string) {
      platform.head = { ...platform.head, status };
    },

    /** The next maintenance call is held until the test opens its gates. */
    stallNext(): StalledCall {
      stall = { entered: gate(), reach: gate(), reached: gate(), answer: gate() };
      return stall;
    },

    /** Answers a DirectLink call to `path` (appWithFakePlatform's PlatformAnswer). */
    async handle(path: string, form: Record<string, string>): Promise<Record<string, string>> {
      if (path.includes('maintenancedirect')) {
        platform.maintenance.push(form);
        const held = stall;
        stall = undefined;
        if (held) {
          held.entered.open();
          await held.reach.opened;
        }
        const level = {
          status: form.OPERATION === 'RFD' || form.OPERATION === 'RFS' ? '8' : form.OPERATION === 'DES' ? platform.deletionStatus : '9',
          amount: (Number(form.AMOUNT) / 100).toFixed(2),
        };
        platform.backOffice(level);
        const payIdSub = platform.levels.length;
        if (held) {
          held.reached.open();
          await held.answer.opened;
        }
        return platform.maintenanceAnswer(level, payIdSub, form, held !== undefined);
      }
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      if (form.PAYIDSUB !== undefined) {
        const level = platform.levels[Number(form.PAYIDSUB) - 1];
        if (!level) return noSuchLevel(platform.answer('', Number(form.PAYIDSUB), ''));
        return platform.answer(level.status, Number(form.PAYIDSUB), level.amount);
      }
      return platform.answer(platform.head.status, platform.levels.length, platform.head.amount);
    },
  };
  return platform;
}

/** The merchant API's reading of a payment (GET /api/transactions/:reference), as the reversal tests read it. */
export interface Reading {
  state: string;
  capturedAmount: number;
  refundedAmount: number;
  operations: Array<{ kind: string; status: string; amount: number; origin?: string }>;
}

/** A sync's reading as most reversal tests assert it: `${state} ${refundedAmount}`. */
export const stateAndRefunded = (r: Reading) => `${r.state} ${r.refundedAmount}`;

/** A sync's reading with the captured amount: `${state} ${capturedAmount} ${refundedAmount}`. */
export const stateCapturedAndRefunded = (r: Reading) => `${r.state} ${r.capturedAmount} ${r.refundedAmount}`;

/**
 * The prologue of the reversal tests: a hosted payment of 19.99 EUR whose order on `platform`
 * starts at STATUS `status`, its first feedback (naming the platform's PAYID) accepted. `read` is
 * the merchant API's reading of it; `sync` asks for a sync (its 200 a precondition) and returns
 * the reading as `format` writes it; `eventTypes`, the types of its events as /api/events lists them.
 */
export async function paidThroughLevels(
  app: { t: TestApp; feedback: (params: Record<string, string>) => Promise<Response> },
  platform: ReturnType<typeof historyLevels>,
  { status }: { status: 5 | 9 | 91 },
) {
  const t = app.t;
  const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
  platform.start(reference, String(status));
  assert.equal((await app.feedback(feedbackFor(reference, status, { PAYID: platform.payId }))).status, 200);
  const read = async () => (await (await t.api(`/api/transactions/${reference}`)).json()) as Reading;
  const sync = async (format: (reading: Reading) => string = stateAndRefunded) => {
    const answer = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(answer.status, 200, `precondition: the sync answers: ${(await answer.clone().text()).slice(0, 200)}`);
    return format(await read());
  };
  const eventTypes = async () => {
    const events = (await (await t.api(`/api/events?reference=${reference}`)).json()) as { data: Array<{ type: string }> };
    return events.data.map((e) => e.type);
  };
  return { reference, read, sync, eventTypes };
}

/** An uncertain answer (NCSTATUS 2) with `status` and no PAYIDSUB, as the guide shows one (§4.3). */
export function uncertainWithoutLevel(answer: Record<string, string>, status: string): Record<string, string> {
  const { PAYIDSUB: _sub, ...rest } = answer;
  return { ...rest, STATUS: status, NCSTATUS: '2', NCERROR: '20002001' };
}

/**
 * The reconciler's next `rounds` rounds, each syncing through the merchant API: the references it
 * queried, in order. Five minutes apart on the test's clock, querying what changed at any time —
 * or with `timings` (the server's: `reconcilerSettings({})`), an interval apart.
 */
export async function reconcilerRounds(
  t: TestApp,
  rounds = 3,
  timings?: Pick<ReconcilerSettings, 'intervalMs' | 'afterMs' | 'maxAgeMs'>,
): Promise<string[]> {
  const reconciler = createReconciler({
    repository: t.repository,
    sync: async (reference) => t.api(`/api/transactions/${reference}/sync`, { method: 'POST' }),
    clock: t.clock,
    ...(timings ?? { intervalMs: 60_000, afterMs: 0 }),
    logger: { info() {}, warn() {} },
  });
  const queried: string[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      t.clock.advance(timings?.intervalMs ?? 5 * 60_000);
      queried.push(...(await reconciler.runOnce()));
    }
  } finally {
    await reconciler.close();
  }
  return queried;
}
