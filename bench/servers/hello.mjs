// Baseline of the HTTP benchmark: a bare Hono "hello" route on @hono/node-server, plain JS.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const app = new Hono();
app.get('/', (c) => c.text('hello'));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send?.({ ready: true, url: `http://127.0.0.1:${info.port}` });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
