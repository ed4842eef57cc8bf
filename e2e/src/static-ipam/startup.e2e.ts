/**
 * static-ipam sits on the hot path of every pod that uses it, exec'd once per ADD, so its bundle must stay small
 * and light to start: no process spawning, no netlink, nothing beyond node:fs (the skel's log file and netns check)
 * and node:path (log rotation's file names; Node's own module loader has it loaded before any plugin code runs).
 * zlib, for compressed log backups, is loaded only when a backup is compressed.
 * The speed goal itself (ADD wall ≤ `node -e 0` + 15 ms) is measured by tools/bench/run-bench.sh, not by a timed test.
 */
import { readFileSync, statSync } from 'node:fs';
import { buildStaticIpam, OUR_STATIC } from './run-plugin';

beforeAll(() => buildStaticIpam(), 60_000);

describe('static-ipam bundle', () => {
  it('stays small and imports nothing but node:fs and node:path', () => {
    const text = readFileSync(OUR_STATIC, 'utf8');
    expect(statSync(OUR_STATIC).size).toBeLessThan(100 * 1024);
    expect([...new Set(text.match(/require\("[^"]+"\)/g))].sort()).toEqual(['require("node:fs")', 'require("node:path")']);
    expect(text).not.toMatch(/execa|child_process|nsenter/);
  });
});
