/**
 * `Date.prototype.toISOString`, remembering the last second it formatted (issue 17): every sign
 * formats its time twice (the ORDERID's stamp, the payment's createdAt), and on Node 20 one
 * toISOString costs about as much as the rest of building the payment. Within one second only the
 * milliseconds change: the text before them is reused. Same output for every valid date, and the
 * same RangeError for an invalid one (toISOString itself is called for it).
 */
let memoSecond = Number.NaN;
/** The ISO text of `memoSecond` up to and including the `.` before the milliseconds. */
let memoHead = '';

export function isoTime(date: Date): string {
  const ms = date.getTime();
  const second = Math.floor(ms / 1000);
  if (second !== memoSecond) {
    const iso = date.toISOString();
    // …SS.mmmZ whatever the year's width (a six-digit year is longer): the last five are `mmmZ`.
    memoHead = iso.slice(0, -4);
    memoSecond = second;
    return iso;
  }
  const milli = ms - second * 1000;
  return memoHead + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
}
