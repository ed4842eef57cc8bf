import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecaRunner } from '@plexus/exec';
import { IpRoute2Netlink } from '@plexus/netlink';
import { NETLINK_CASES, runNetlinkCase, type CaseWorld, type KernelCaps } from '@plexus/netlink/testing';
import { deleteNetns, ip, ipOk, isRoot, kernelCanCreate, uniqueName, type TestNetns } from '../support';

// The shared netlink case table (libs/netlink/src/testing/netlink-cases.ts) against iproute2 on this kernel, each
// case in two fresh throwaway netns (plxnc-*). libs/netlink's fake-netlink-cases.spec.ts runs the same table against
// FakeNetlink: a case that passes here and fails there (or the reverse) is drift to fix in the fake.
jest.setTimeout(60_000);

const nl = new IpRoute2Netlink(new ExecaRunner());

/** addBareNetns is `ip netns add` alone: lo stays down, as the table expects (createNetns brings it up). */
function addBareNetns(): TestNetns {
  const name = uniqueName('plxnc');
  ipOk(undefined, ['netns', 'add', name]);
  return { name, path: `/var/run/netns/${name}` };
}

/** probeLiveRename tells whether this kernel renames a link that is up (Linux ≥ 6.x does for most devices). */
function probeLiveRename(): boolean {
  const ns = addBareNetns();
  try {
    ipOk(ns, ['link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'p1']);
    ipOk(ns, ['link', 'set', 'p0', 'up']);
    return ip(ns, ['link', 'set', 'p0', 'name', 'p2']).status === 0;
  } finally {
    deleteNetns(ns);
  }
}

const describeRoot = isRoot() ? describe : describe.skip;

describeRoot('IpRoute2Netlink on this kernel runs the shared netlink case table', () => {
  let caps: KernelCaps;
  let a: TestNetns | undefined;
  let b: TestNetns | undefined;
  const notns = join(tmpdir(), `plxnc-file-${process.pid}`);

  beforeAll(() => {
    caps = { kinds: ['veth', 'bridge', 'macvlan', ...['dummy', 'ipvlan'].filter(kernelCanCreate)], liveRename: probeLiveRename() };
    writeFileSync(notns, '');
  });
  afterAll(() => rmSync(notns, { force: true }));
  afterEach(() => {
    deleteNetns(a);
    deleteNetns(b);
  });

  it.each(NETLINK_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    a = addBareNetns();
    b = addBareNetns();
    const byName = { a, b };
    const world: CaseWorld = {
      nl,
      caps,
      paths: { a: a.path, b: b.path, missing: `/var/run/netns/${uniqueName('plxnc')}`, notns },
      removeNetns: (which) => deleteNetns(byName[which]),
    };
    expect(await runNetlinkCase(c, world)).toEqual([]);
  });
});
