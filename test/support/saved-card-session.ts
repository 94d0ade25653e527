/**
 * A checkout session paid with a saved card through the widget's route, and a repository read or
 * write that fails once: what the saved-card claim tests (docs/ogone-protocol.md §8 "One payment
 * per session") share.
 */
import type { TestApp } from './app.ts';

/** A 19.99 EUR checkout session of `customerId`; `attempt()` posts one try with the saved card. */
export async function savedCardSession(
  t: TestApp,
  customerId: string,
  aliasId: string,
  userAgent = 'Mozilla/5.0 saved-card',
): Promise<{ id: string; attempt: () => Promise<Response> }> {
  const session = (await (
    await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', customer: { id: customerId } } })
  ).json()) as { id: string };
  const attempt = async () =>
    t.app.request(`/checkout/sessions/${session.id}/attempts`, {
      method: 'POST',
      body: JSON.stringify({ aliasId }),
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    });
  return { id: session.id, attempt };
}

/**
 * Makes the repository's `method` throw once, as a lost database connection would, on the first
 * call for which `when()` holds (the next call by default). Returns the original method, bound.
 */
export function failOnce(
  t: Pick<TestApp, 'repository'>,
  method: 'getTransaction' | 'mutateTransaction',
  when: () => boolean = () => true,
): (...args: unknown[]) => Promise<unknown> {
  const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = repository[method]!.bind(t.repository);
  let failed = false;
  repository[method] = async (...args: unknown[]) => {
    if (!failed && when()) {
      failed = true;
      throw new Error('database connection lost (simulated)');
    }
    return original(...args);
  };
  return original;
}
