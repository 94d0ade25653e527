/** `a b; c d` → { a: [b], c: [d] }: a Content-Security-Policy header, directive by directive (names lowercased, as browsers read them). */
export function parseCsp(header: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of header.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}
