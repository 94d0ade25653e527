/**
 * The feedback limit's exemption (FEEDBACK_RATE_LIMIT_EXEMPT) answered once per address string
 * (issue 17): proxy-addr's compiled test parses the peer's address (ipaddr.js) on every call, and
 * on the feedback route that ran on every request.
 *
 * hono-rate-limiter's draft-6 headers were also tried here written straight into the Node head
 * instead of through Hono's prepared Headers: the public routes' CPU per request went up, not
 * down (A/B of the server bundle), so the library sets them as before.
 */
/**
 * `test` remembered per address string: an address's answer never changes (a fixed list), and at
 * most `capacity` are kept — the map starts over when full, so addresses a client picks cannot
 * grow it.
 */
export function rememberedAddressTest(test: (address: string) => boolean, capacity = 1024): (address: string) => boolean {
  let answers = new Map<string, boolean>();
  return (address) => {
    const known = answers.get(address);
    if (known !== undefined) return known;
    const answer = test(address);
    if (answers.size >= capacity) answers = new Map();
    answers.set(address, answer);
    return answer;
  };
}
