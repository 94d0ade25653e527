/**
 * The Node response behind `c`, when @hono/node-server passed it (its `env.outgoing`), and the
 * headers every answer carries (security headers, the request id) put on it.
 *
 * Those headers are added when the answer's head is written, in the one `writeHead` call
 * @hono/node-server makes with the route's own headers (or Node's implicit one): the route's
 * lightweight Response is never turned into a WHATWG one nor given an undici `Headers`, and no
 * `setHeader` runs per header (issue 17: the floor's profile showed `setHeader` — a validation, a
 * lower-casing and a store per header — as the largest part of our own code on `/healthz`). A
 * header the answer sets itself wins, compared without regard to case, as Hono's `secureHeaders`
 * with `overwrite: false`.
 */
import { ServerResponse, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import type { Context } from 'hono';

export function nodeOutgoing(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

/** The value of the per-answer header, kept on the response until its head is written. */
const VARYING_VALUE = Symbol('answer header value');

type Head = OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;
type WriteHead = (this: ServerResponse, statusCode: number, reason?: string | Head, headers?: Head) => ServerResponse;
type Answering = ServerResponse & { [VARYING_VALUE]?: string };

const nodeWriteHead = ServerResponse.prototype.writeHead as unknown as WriteHead;

/** Lower-cased names of the headers `head` holds, in any of the forms `writeHead` takes. */
function namesOf(head: Head): Set<string> {
  const names = new Set<string>();
  if (Array.isArray(head)) {
    if (head.length > 0 && Array.isArray(head[0]))
      for (const entry of head as unknown as string[][]) names.add(String(entry[0]).toLowerCase());
    else for (let i = 0; i < head.length; i += 2) names.add(String(head[i]).toLowerCase());
  } else if (head) for (const name in head) names.add(name.toLowerCase());
  return names;
}

/**
 * Headers put on every Node answer they are attached to: a fixed list, then one whose value
 * changes per answer (the request id). Built once; `attach` costs two property writes.
 */
export class AnswerHeaders {
  private readonly names: string[];
  private readonly values: string[];
  private readonly index = new Map<string, number>();
  private readonly writeHead: WriteHead;

  constructor(fixed: ReadonlyArray<readonly [string, string]>, varyingName: string) {
    this.names = [...fixed.map(([name]) => name), varyingName];
    this.values = fixed.map(([, value]) => value);
    if (this.names.length > 31) throw new Error('at most 31 answer headers (a bit each)');
    this.names.forEach((name, i) => this.index.set(name.toLowerCase(), i));
    const { names, values, index } = this;
    const last = names.length - 1;
    const scratch: Array<string | number | string[]> = [];

    // Replaces ServerResponse#writeHead on the answers it is attached to; same signature.
    this.writeHead = function writeHead(this: Answering, statusCode, reason, headers) {
      const named = typeof reason === 'string';
      const own = named ? headers : ((reason as Head) ?? headers);
      const varying = this[VARYING_VALUE] ?? '';
      if (Array.isArray(own) || this.getHeaderNames().length > 0) {
        // Rare shapes (an array of headers, headers already set with setHeader): through
        // setHeader, where Node's writeHead lets the answer's own headers override ours.
        const taken = namesOf(own);
        for (let i = 0; i <= last; i++) {
          const name = names[i]!;
          if (!taken.has(name.toLowerCase()) && !this.hasHeader(name)) this.setHeader(name, i === last ? varying : values[i]!);
        }
        // Node's writeHead reads [[name, value], …] only when no setHeader ran: made flat here.
        const head = Array.isArray(own) && own.length > 0 && Array.isArray(own[0]) ? (own as unknown as string[][]).flat() : own;
        return named ? nodeWriteHead.call(this, statusCode, reason, head) : nodeWriteHead.call(this, statusCode, head);
      }
      // The usual case: one flat [name, value, …] list, validated by Node once as it is written.
      let taken = 0;
      if (own) {
        for (const name in own) {
          if (!Object.hasOwn(own, name)) continue; // as Node reads a record: its own keys only
          const i = index.get(name.toLowerCase());
          if (i !== undefined) taken |= 1 << i;
        }
      }
      // One list for every answer: Node reads it while writing the head, synchronously, and
      // keeps none of it (the head is a string once written).
      const list = scratch;
      list.length = 0;
      for (let i = 0; i <= last; i++) if ((taken & (1 << i)) === 0) list.push(names[i]!, i === last ? varying : values[i]!);
      if (own) {
        for (const name in own) {
          if (!Object.hasOwn(own, name)) continue;
          list.push(name, own[name] as string | number | string[]);
        }
      }
      return named
        ? nodeWriteHead.call(this, statusCode, reason, list as OutgoingHttpHeader[])
        : nodeWriteHead.call(this, statusCode, list as OutgoingHttpHeader[]);
    };
  }

  /** Puts the headers on `outgoing` when its head is written, `varyingValue` as the last one's value. */
  attach(outgoing: ServerResponse, varyingValue: string): void {
    (outgoing as Answering)[VARYING_VALUE] = varyingValue;
    outgoing.writeHead = this.writeHead as unknown as ServerResponse['writeHead'];
  }
}
