/** Log lines kept in memory, so a test can read what reached the logs (and what must not). */
import { Writable } from 'node:stream';

/** A Writable collecting every log line written to it into `lines`. */
export function logCollector(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
}
