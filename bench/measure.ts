/** Tiny side-by-side throughput measurement: interleaved rounds, median of each. */
export interface Throughput {
  name: string;
  opsPerSecond: number;
}

function round(fn: () => unknown, ms: number): number {
  let count = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 256; i++) fn();
    count += 256;
    elapsed = process.hrtime.bigint() - start;
  }
  return (count * 1e9) / Number(elapsed);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Runs each candidate in turn, `rounds` times, so machine noise hits both alike. */
export function compareThroughput(
  candidates: Record<string, () => unknown>,
  options: { rounds?: number; roundMs?: number } = {},
): Throughput[] {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 300;
  const samples: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(candidates)) {
    samples[name] = [];
    round(fn, 100); // warm-up
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(candidates)) samples[name]!.push(round(fn, roundMs));
  }
  return Object.entries(samples).map(([name, values]) => ({ name, opsPerSecond: median(values) }));
}
