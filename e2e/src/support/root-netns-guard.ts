// Loaded by e2e/jest.config.cjs into every e2e suite: a suite must create its bridges (and every other link) in
// throwaway netns, never in the root netns. A bridge that appears in the root netns while the suite runs fails it.
import { spawnSync } from 'node:child_process';

function rootBridges(): Set<string> {
  const out = spawnSync('ip', ['-j', 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' });
  if (out.status !== 0) return new Set();
  return new Set((JSON.parse(out.stdout || '[]') as Array<{ ifname: string }>).map((l) => l.ifname));
}

let before = new Set<string>();
beforeAll(() => {
  before = rootBridges();
});
afterAll(() => {
  const made = [...rootBridges()].filter((b) => !before.has(b));
  if (made.length > 0) throw new Error(`this suite left bridges in the root netns: ${made.join(', ')} (create them in a throwaway netns)`);
});
