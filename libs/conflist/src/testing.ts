/** Test helpers for @plexus/conflist users: ChainDeps over a FakeDelegator, and its calls with parsed stdin. */
import type { Delegator } from '@plexus/invoke';
import type { FakeDelegator } from '@plexus/invoke/testing';
import type { ChainDeps } from './chain-deps';

/** One plugin call as a test sees it: which plugin, which command, the parsed stdin and the env. */
export interface SeenCall {
  type: string;
  command: string;
  stdin: Record<string, unknown>;
  env: Record<string, string | undefined>;
}

/** fakeChainDeps builds ChainDeps for a delegator with a fixed environment and CNI_PATH. */
export function fakeChainDeps(delegator: Delegator, over: Partial<ChainDeps> = {}): ChainDeps {
  return { delegator, baseEnv: { PATH: '/usr/bin' }, cniPath: ['/opt/cni/bin'], ...over };
}

/** seenCalls lists a FakeDelegator's calls with stdin parsed. */
export function seenCalls(fake: FakeDelegator): SeenCall[] {
  return fake.calls.map((c) => ({ type: c.type, command: c.command, stdin: JSON.parse(c.stdin) as Record<string, unknown>, env: c.env }));
}
