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
import {
  IncomingMessage,
  ServerResponse,
  validateHeaderName,
  validateHeaderValue,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Socket } from 'node:net';
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

/** Node's head so far, `HTTP/1.1 200 OK\r\nName: value\r\n…\r\n`, set by writeHead and sent with the first body chunk. */
type WithHead = { _header?: string | null };

/**
 * Whether this Node keeps the head writeHead built as the string `_header`, sent with the first
 * body chunk — what every Node since 0.x does, checked once here rather than assumed. Where it
 * does not, every answer takes the setHeader path below, slower but through public methods only.
 */
const HEAD_IS_A_STRING = (() => {
  try {
    const probe = new ServerResponse(new IncomingMessage(new Socket()));
    probe.writeHead(200, { 'X-Probe': '1' });
    const head = (probe as WithHead)._header;
    return typeof head === 'string' && head.startsWith('HTTP/1.1 200 OK\r\nX-Probe: 1\r\n') && head.endsWith('\r\n\r\n');
  } catch {
    return false;
  }
})();

/**
 * Headers put on every Node answer they are attached to: a fixed list, then one whose value
 * changes per answer (the request id). Built once; `attach` costs two property writes.
 *
 * The fixed ones are validated once, here, and kept as the `Name: value\r\n` lines Node would
 * write: on an answer that sets none of them itself (all but the widget bundle's), they go into
 * the head Node builds from the route's own headers as one string, after its status line. Node
 * would otherwise check each name and value against its token and character patterns and
 * lower-case each name on every answer (issue 17: a quarter of the floor's own instructions).
 */
export class AnswerHeaders {
  private readonly names: string[];
  private readonly lines: string[];
  private readonly index = new Map<string, number>();
  private readonly writeHead: WriteHead;

  constructor(fixed: ReadonlyArray<readonly [string, string]>, varyingName: string) {
    for (const [name, value] of fixed) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
    validateHeaderName(varyingName);
    this.names = [...fixed.map(([name]) => name), varyingName];
    this.lines = fixed.map(([name, value]) => `${name}: ${value}\r\n`);
    if (this.names.length > 31) throw new Error('at most 31 answer headers (a bit each)');
    this.names.forEach((name, i) => this.index.set(name.toLowerCase(), i));
    const { names, lines, index } = this;
    const last = names.length - 1;
    const values = fixed.map(([, value]) => value);
    const allFixed = lines.join('');
    const varyingPrefix = `${varyingName}: `;

    // Replaces ServerResponse#writeHead on the answers it is attached to; same signature.
    this.writeHead = function writeHead(this: Answering, statusCode, reason, headers) {
      const named = typeof reason === 'string';
      const own = named ? headers : ((reason as Head) ?? headers);
      const varying = this[VARYING_VALUE] ?? '';
      // Which of ours a record of the route's own sets (it wins), read as Node reads a record.
      let taken = 0;
      // An `Expect` makes Node send the head from writeHead itself, before it could take ours.
      let sentAtOnce = false;
      if (own && !Array.isArray(own)) {
        for (const name in own) {
          if (!Object.hasOwn(own, name)) continue; // its own keys only
          const lower = name.toLowerCase();
          if (lower === 'expect') sentAtOnce = true;
          const i = index.get(lower);
          if (i !== undefined) taken |= 1 << i;
        }
      }
      if (!HEAD_IS_A_STRING || sentAtOnce || Array.isArray(own) || this.getHeaderNames().length > 0) {
        // Rare shapes (an array of headers, headers already set with setHeader, an Expect): through
        // setHeader, where Node's writeHead lets the answer's own headers override ours.
        const routeOwn = namesOf(own);
        for (let i = 0; i <= last; i++) {
          const name = names[i]!;
          if (!routeOwn.has(name.toLowerCase()) && !this.hasHeader(name)) this.setHeader(name, i === last ? varying : values[i]!);
        }
        // Node's writeHead reads [[name, value], …] only when no setHeader ran: made flat here.
        const head = Array.isArray(own) && own.length > 0 && Array.isArray(own[0]) ? (own as unknown as string[][]).flat() : own;
        return named ? nodeWriteHead.call(this, statusCode, reason, head) : nodeWriteHead.call(this, statusCode, head);
      }
      // The usual case: a record, or nothing. The per-answer value is checked as Node checks a
      // value (no CR, LF or other control character): nothing can end its line.
      if ((taken & (1 << last)) === 0) validateHeaderValue(varyingName, varying);
      // Node validates and writes the route's own headers; a throw leaves the head unwritten.
      const written = named ? nodeWriteHead.call(this, statusCode, reason, own) : nodeWriteHead.call(this, statusCode, own);
      let ours = taken === 0 ? allFixed : '';
      if (taken !== 0) for (let i = 0; i < last; i++) if ((taken & (1 << i)) === 0) ours += lines[i]!;
      if ((taken & (1 << last)) === 0) ours += `${varyingPrefix}${varying}\r\n`;
      // Ours first, right after the status line: the order the answer had when they were listed first.
      const head = (this as WithHead)._header!;
      const afterStatus = head.indexOf('\r\n') + 2;
      (this as WithHead)._header = head.slice(0, afterStatus) + ours + head.slice(afterStatus);
      return written;
    };
  }

  /** Puts the headers on `outgoing` when its head is written, `varyingValue` as the last one's value. */
  attach(outgoing: ServerResponse, varyingValue: string): void {
    (outgoing as Answering)[VARYING_VALUE] = varyingValue;
    outgoing.writeHead = this.writeHead as unknown as ServerResponse['writeHead'];
  }
}
