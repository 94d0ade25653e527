/** Time as a dependency, so tests can move it (webhook back-off, session expiry). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * How far apart instances' clocks may be (docs/deploy.md §9: NTP keeps them much closer). A lease
 * one instance stamps with its clock and another reads with its own must outlast what it guards by
 * this much, or an instance ahead takes it over while its holder is still at work.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 120_000;

/** A clock tests set by hand. */
export function manualClock(
  start: Date = new Date('2025-01-15T10:00:00.000Z'),
): Clock & { set(date: Date): void; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
