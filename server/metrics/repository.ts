/**
 * Payment state transitions are counted where they are committed: `mutateTransaction` is the one
 * way a payment changes (repository/mutate-transaction.ts), whoever calls it (feedback, queries,
 * maintenance, saved cards). Counted after the commit, so a rolled-back change never counts.
 */
import type { Repository } from '../repository/types.ts';
import type { Metrics } from './metrics.ts';

export function countTransitions(repository: Repository, metrics: Pick<Metrics, 'paymentTransition'>): Repository {
  return {
    ...repository,
    async mutateTransaction(reference, decide, options) {
      const outcome = await repository.mutateTransaction(reference, decide, options);
      if (outcome && outcome.before.state !== outcome.after.state) metrics.paymentTransition(outcome.before.state, outcome.after.state);
      return outcome;
    },
  };
}
