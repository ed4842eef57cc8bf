import type { OnceDeps } from '../once/run-once';
import type { AgentOptions } from '../options';
import type { DaemonComponent } from './run-daemon';

/** buildComponents lists the daemon's long-running parts for these options. */
export function buildComponents(_deps: OnceDeps, _opts: AgentOptions): DaemonComponent[] {
  return [];
}
