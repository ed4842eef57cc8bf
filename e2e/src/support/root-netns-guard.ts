// Loaded by e2e/jest.config.cjs into every e2e suite: a suite must create its bridges (and every other link) in
// throwaway netns, never in the root netns. A bridge that appears in the root netns while the suite runs fails it.
// On with PLEXUS_ROOT_NETNS_GUARD=1, as the e2e lane of `npm test` sets it (tools/test/lanes.mjs): on a machine
// where other test runs go on at the same time, their bridges would be blamed on this suite.
import { spawnSync } from 'node:child_process';

function rootBridges(): Set<string> {
  const out = spawnSync('ip', ['-j', 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' });
  if (out.status !== 0) return new Set();
  return new Set((JSON.parse(out.stdout || '[]') as Array<{ ifname: string }>).map((l) => l.ifname));
}

const enabled = process.env.PLEXUS_ROOT_NETNS_GUARD === '1';
let before = new Set<string>();
beforeAll(() => {
  if (!enabled) return;
  before = rootBridges();
});
afterAll(() => {
  if (!enabled) return;
  const made = [...rootBridges()].filter((b) => !before.has(b));
  if (made.length > 0) throw new Error(`this suite left bridges in the root netns: ${made.join(', ')} (create them in a throwaway netns)`);
});
