/** What every route of the sandbox shares: its settings, memory, timers and feedback sender. */
import type { FeedbackSender } from './feedback/sender.ts';
import type { ResolvedOptions } from './options.ts';
import type { SandboxStore } from './store.ts';
import type { Timers } from './timers.ts';

export interface SandboxRuntime {
  readonly options: ResolvedOptions;
  readonly store: SandboxStore;
  readonly sender: FeedbackSender;
  readonly timers: Timers;
}
