/**
 * Identifiers: a prefix naming the kind (`cs_`, `btn_`, `evt_`…), then a time-ordered part and
 * randomness. Time-ordered so "newest first" pagination and per-payment webhook order can use
 * the id itself; monotonic within a process even when the clock stands still.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase, sortable

let lastTime = -1;
let lastSequence = 0;

function encodeTime(ms: number, length: number): string {
  let out = '';
  let value = ms;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[value % 32]! + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/**
 * Random bytes drawn from a pool refilled 4 KiB at a time (as Node's randomUUID batches its
 * entropy): one CSPRNG call per few hundred ids instead of one per id, on every request's path.
 * Each byte is used once.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomPart(length: number): string {
  if (length > POOL_BYTES) {
    const bytes = randomBytes(length);
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 32]!;
    return out;
  }
  if (poolOffset + length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[pool[poolOffset + i]! % 32]!;
  poolOffset += length;
  return out;
}

/** `prefix_` + 10 time characters + 4 sequence characters + `randomLength` random characters. */
export function newId(prefix: string, now: number = Date.now(), randomLength = 12): string {
  const time = Math.max(now, lastTime);
  if (time === lastTime) lastSequence += 1;
  else lastSequence = 0;
  lastTime = time;
  return `${prefix}_${encodeTime(time, 10)}${encodeTime(lastSequence, 4)}${randomPart(randomLength)}`;
}

/** The time (ms since the epoch) encoded in an id made by `newId`. */
export function idTime(id: string): number {
  const start = id.indexOf('_') + 1;
  let value = 0;
  for (const ch of id.slice(start, start + 10)) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) throw new TypeError(`not an id made by newId: ${JSON.stringify(id)}`);
    value = value * 32 + digit;
  }
  return value;
}

/** Random token for aliases and ORDERIDs: letters and digits only (Ogone accepts them everywhere). */
export function randomToken(length: number): string {
  return randomPart(length).toUpperCase();
}
