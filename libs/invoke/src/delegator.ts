import type { Result } from '@plexus/cni-spec';
import type { Env } from '@plexus/skel';

export type DelegateCommand = 'ADD' | 'DEL' | 'CHECK' | 'STATUS' | 'GC';

/** One delegated call: the delegate gets the caller's env with these overrides and `stdin` verbatim. */
export interface DelegateRequest {
  /** The plugin's `type` (binary name looked up in CNI_PATH). */
  type: string;
  command: DelegateCommand;
  stdin: string;
  env: Env;
  /** Overrides of CNI_IFNAME / CNI_CONTAINERID / CNI_NETNS / CNI_ARGS for this call. */
  ifName?: string;
  containerId?: string;
  netns?: string;
  cniArgs?: string;
  /** Give up (code 11) after this long; default 60 s. */
  timeoutMs?: number;
  /** Receives the delegate's stderr. */
  onStderr?: (text: string) => void;
}

/** Delegator runs other plugins (model: Go pkg/invoke DelegateAdd/Del/Check/Status/GC). */
export interface Delegator {
  /** add runs ADD and returns the delegate's result in the current schema. */
  add(req: Omit<DelegateRequest, 'command'>): Promise<Result>;
  /** run runs DEL, CHECK, STATUS or GC; rejects with the delegate's CniError. */
  run(req: DelegateRequest & { command: Exclude<DelegateCommand, 'ADD'> }): Promise<void>;
  /**
   * locate finds the binary a `type` would run (throws the CniError of a failed lookup), so a caller can refuse a
   * plan whose delegates cannot start before it records or runs anything. Optional: fakes may leave it out.
   */
  locate?(type: string, dirs: readonly string[]): string;
}
