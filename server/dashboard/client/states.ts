/**
 * Payment states as people read them. Each state has its own colour in dashboard.css
 * (`.state[data-state=…]`) AND this label, so colour is never the only cue.
 */
export const STATE_LABELS: Record<string, string> = {
  draft: 'draft',
  pending: 'pending',
  authorized: 'authorised',
  captured: 'captured',
  partially_refunded: 'partially refunded',
  refunded: 'refunded',
  cancelled: 'cancelled',
  declined: 'declined',
  error: 'error',
  expired: 'expired attempt',
};

export const stateLabel = (state: string): string => STATE_LABELS[state] ?? state;
