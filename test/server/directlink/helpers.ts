/**
 * A tiny real HTTP server that plays the DirectLink pages for client tests: it records every
 * form post and answers what the test tells it (canned XML modelled on the
 * answers docs/ogone-protocol.md §8 describes, ActiveMerchant-style), or never answers at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedPost {
  method: string;
  path: string;
  contentType: string;
  body: string;
  /** The form fields in the order received. */
  form: Record<string, string>;
}

export interface CannedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** `hang`: never answer. `drop`: start an answer, then cut the connection. */
export type Responder = (post: RecordedPost) => CannedAnswer | 'hang' | 'drop';

export interface FakePlatform {
  baseUrl: string;
  posts: RecordedPost[];
  respond: Responder;
  close(): Promise<void>;
}

export async function startFakePlatform(respond: Responder = () => ({ body: xml(ACCEPTED_ATTRIBUTES) })): Promise<FakePlatform> {
  const posts: RecordedPost[] = [];
  const platform: FakePlatform = { baseUrl: '', posts, respond, close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const post: RecordedPost = {
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body,
        form: Object.fromEntries(new URLSearchParams(body)),
      };
      posts.push(post);
      const answer = platform.respond(post);
      if (answer === 'hang') return; // never answers: the client's timeout must fire
      if (answer === 'drop') {
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '1000' });
        res.write('<?xml version="1.0"?><ncresp', () => res.socket?.destroy());
        return;
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/XML; Charset=iso-8859-1', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  platform.baseUrl = `http://127.0.0.1:${port}`;
  platform.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return platform;
}

/** An XML answer: `<ncresponse a="…">` plus optional child elements, attribute values escaped. */
export function xml(attributes: Record<string, string>, children = ''): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => `\n ${name}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`)
    .join('');
  return `<?xml version="1.0"?>\n<ncresponse${attrs}>${children}\n</ncresponse>`;
}

/** An accepted payment (STATUS 5) as ActiveMerchant's fixtures show it, with its case-varied names (docs/ogone-protocol.md §8). */
export const ACCEPTED_ATTRIBUTES: Record<string, string> = {
  orderID: 'ORD-1001',
  PAYID: '3014726',
  NCSTATUS: '0',
  NCERROR: '0',
  NCERRORPLUS: '!',
  ACCEPTANCE: 'test123',
  STATUS: '5',
  IPCTY: '99',
  CCCTY: '99',
  ECI: '7',
  CVCCheck: 'NO',
  AAVCheck: 'NO',
  VC: 'NO',
  amount: '12.5',
  currency: 'EUR',
  PM: 'CreditCard',
  BRAND: 'VISA',
};

/** AM*'s failed purchase: `NCSTATUS="5" NCERROR="50001111" NCERRORPLUS=" no orderid" STATUS="0" PAYID="0"`. */
export const REJECTED_ATTRIBUTES: Record<string, string> = {
  orderID: '',
  PAYID: '0',
  NCSTATUS: '5',
  NCERROR: '50001111',
  NCERRORPLUS: ' no orderid',
  ACCEPTANCE: '',
  STATUS: '0',
  amount: '',
  currency: 'EUR',
  PM: '',
  BRAND: '',
};

/** The auto-posting form an issuer's page is reached with (what AM*'s HTML_ANSWER decodes to, shortened). */
export const THREE_DS_HTML =
  '<form name="downloadform3D" action="https://acs.example/3ds" method="post"><input type="hidden" name="PaReq" value="eJzé"></form>' +
  '<script>document.forms.downloadform3D.submit();</script>';

/** Base64 broken into lines, as AM*'s fixture has it. */
export function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,60}/g) ?? []
  ).join('\n');
}
