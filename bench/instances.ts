/**
 * Several instances on one PostgreSQL (issue 17): feedback throughput of 1, 2 and 3 signer
 * processes sharing a database, the load spread evenly across them (the same total connections,
 * each process answering its own share of the payments), printed as scaling efficiency —
 * throughput(n) ÷ (n × throughput(1)).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from './autocannon.ts';
import { shippedNodeFlags, startChild, type ChildServer } from './child.ts';
import { createPayments, CREDENTIALS, feedbackBodies, withPostgres } from './http.ts';

export interface InstancesFigures {
  /** Feedback requests a second with 1, 2, 3 processes. */
  throughput: Array<{ instances: number; requestsPerSecond: number; errors: number }>;
  /** throughput(n) ÷ (n × throughput(1)), for each n. */
  efficiency: number[];
}

const PAYMENTS = 3000;

async function feedbackAcross(servers: ChildServer[], connections: number, durationSeconds: number) {
  const bodies = feedbackBodies(await createPayments(servers[0]!.url, PAYMENTS));
  const results = await Promise.all(
    servers.map((server, i) =>
      load({
        url: `${server.url}/payment/ogone/return`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        // Each process its own payments: a payment's feedback arrives at one instance at a time.
        bodies: bodies.filter((_, n) => n % servers.length === i),
        connections: Math.max(1, Math.round(connections / servers.length)),
        durationSeconds,
      }),
    ),
  );
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
}

export async function runInstancesBench(durationSeconds: number, connections = 16): Promise<InstancesFigures | { skipped: string }> {
  return withPostgres(async (url) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-bench-instances-'));
    try {
      const throughput: InstancesFigures['throughput'] = [];
      for (const instances of [1, 2, 3]) {
        const servers: ChildServer[] = [];
        try {
          for (let i = 0; i < instances; i++)
            servers.push(
              await startChild('./servers/signer.mjs', { ...CREDENTIALS, DATABASE_URL: url, DATA_DIR: dataDir }, shippedNodeFlags()),
            );
          throughput.push({ instances, ...(await feedbackAcross(servers, connections, durationSeconds)) });
        } finally {
          await Promise.all(servers.map((server) => server.stop()));
        }
      }
      const one = throughput[0]!.requestsPerSecond;
      return { throughput, efficiency: throughput.map((t) => t.requestsPerSecond / (t.instances * one)) };
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}

// `node --import tsx bench/instances.ts` runs just this part (needs `npm run build`).
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runInstancesBench(Number(process.env.BENCH_SECONDS ?? 5)), null, 2));
}
