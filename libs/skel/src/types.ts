import type { NetConf, Result } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'STATUS' | 'GC' | 'VERSION';

/** The environment a plugin runs with: only strings, as process.env gives them. */
export type Env = Record<string, string | undefined>;

/** Everything a handler gets for one invocation (Go's skel.CmdArgs plus the decoded config). */
export interface CmdArgs {
  command: Exclude<CniCommand, 'VERSION'>;
  containerId: string;
  netns: string;
  ifName: string;
  /** Raw CNI_ARGS. */
  args: string;
  /** CNI_PATH split on ':'. */
  path: string[];
  /** Raw stdin bytes: delegates get exactly these. */
  stdin: string;
  conf: NetConf;
  /** The full environment of this invocation, passed on to delegates. */
  env: Env;
  log: Logger;
  /** writeStderr forwards text (a delegate's stderr) to this invocation's stderr, as Go's invoke does. */
  writeStderr: (text: string) => void;
  /**
   * Aborted when the caller gave up on this invocation (an in-process delegate past its timeout). A handler passes
   * it to its waits (lock waits, retries) so it stops before changing anything; an exec'd plugin never sees it
   * abort (its caller kills the process instead).
   */
  signal?: AbortSignal;
}

/** The operations a plugin implements; missing CHECK/STATUS/GC answer success (as Go's skel does). */
export interface PluginHandlers {
  add(args: CmdArgs): Promise<Result>;
  del(args: CmdArgs): Promise<void>;
  check?(args: CmdArgs): Promise<void>;
  status?(args: CmdArgs): Promise<void>;
  gc?(args: CmdArgs): Promise<void>;
}

/** A plugin as the skel runs it, by exec or in-process. */
export interface PluginDefinition {
  /** Binary name (the CNI `type`). */
  name: string;
  /** Plugin version string printed in the about line. */
  version?: string;
  handlers: PluginHandlers;
}

/** What one invocation produced: exactly what an exec'd plugin would write and exit with. */
export interface InvocationOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The handle a bundled Plexus plugin exports so a meta plugin can run it in-process (same inputs as exec). */
export interface InProcessPlugin {
  plexusPluginApi: 1;
  name: string;
  /** invoke runs one invocation; `signal` aborts when the caller gives up (see CmdArgs.signal). */
  invoke(env: Env, stdin: string, opts?: { signal?: AbortSignal }): Promise<InvocationOutput>;
}
