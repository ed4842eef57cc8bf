import { join } from 'node:path';
import { AgentError } from '../errors';
import type { AgentFs } from '../agent-fs';
import { findPrimaryConfName } from './find-primary-conf';
import { parsePrimaryConf, type PrimaryConf } from './parse-primary-conf';

/** The clock side of waiting, faked in tests. */
export interface Sleeper {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real Sleeper. */
export const systemSleeper: Sleeper = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * waitForPrimaryConf polls the conf dir until the primary network's conf appears (its plugin is then installed
 * and ready: the readiness indicator Multus uses) and parses it. A conf that is there but invalid fails at once;
 * waiting longer than `timeoutMs` (0 = forever) is an AgentError('timeout').
 */
export async function waitForPrimaryConf(fs: AgentFs, confDir: string, sleeper: Sleeper, timeoutMs: number, pollMs: number): Promise<PrimaryConf> {
  const start = sleeper.now();
  for (;;) {
    const name = findPrimaryConfName(await fs.list(confDir));
    if (name !== undefined) {
      const path = join(confDir, name);
      const text = await fs.read(path);
      // Removed between list and read: poll again.
      if (text !== undefined) return parsePrimaryConf(path, text);
    }
    if (timeoutMs > 0 && sleeper.now() - start >= timeoutMs) {
      throw new AgentError('timeout', `no primary CNI conf (.conf/.conflist) appeared in "${confDir}" within ${timeoutMs / 1000} s`);
    }
    await sleeper.sleep(pollMs);
  }
}
