import { FakeNetlink } from './fake-netlink';
import { NETLINK_CASES } from './netlink-cases';
import { runNetlinkCase, type CaseWorld, type KernelCaps } from './run-netlink-case';

// The shared netlink case table against the fake. e2e/src/netlink/shared-cases.e2e.ts runs the same table against
// iproute2 on the real kernel, so a behaviour the fake gets wrong fails there or here.

const PATHS = { a: '/var/run/netns/case-a', b: '/var/run/netns/case-b', missing: '/var/run/netns/case-none', notns: '/tmp/case-file' };

/** Both kernel profiles the fake can stand for: this machine's (no dummy/ipvlan, live renames) and a full one. */
const PROFILES: Array<[string, KernelCaps]> = [
  ['this kernel (veth, bridge, macvlan; live rename)', { kinds: ['veth', 'bridge', 'macvlan'], liveRename: true }],
  ['a kernel with every kind and no live rename', { kinds: ['veth', 'bridge', 'macvlan', 'dummy', 'ipvlan'], liveRename: false }],
];

function fakeWorld(caps: KernelCaps): CaseWorld {
  const nl = new FakeNetlink({ netns: [PATHS.a, PATHS.b], linkKinds: [...caps.kinds], renameUpFails: !caps.liveRename }).markNotANetns(PATHS.notns);
  return { nl, paths: PATHS, caps, removeNetns: (which) => void nl.removeNetns(PATHS[which]) };
}

describe.each(PROFILES)('FakeNetlink on %s', (_label, caps) => {
  it.each(NETLINK_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(await runNetlinkCase(c, fakeWorld(caps))).toEqual([]);
  });
});
