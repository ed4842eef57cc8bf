import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ipOk, isRoot, type TestNetns } from '../support';
import { fuzzPlugin } from './fuzz-plugin';
import { filesUnder } from './fuzz-world';

// Property-based runs of the IPAM plugins' built binaries: fakeipam and static-ipam (stateless) and multi-nic-ipam
// (a store under the sandbox, a fixed hostIndex so no API is needed, run in a throwaway host netns with its NIC).

const describeRoot = isRoot() ? describe : describe.skip;

/** A host netns with NIC eth1 (10.0.1.5/24) for multi-nic-ipam's pool. */
function hostWithNic(host: TestNetns): void {
  ipOk(host, ['link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1p']);
  ipOk(host, ['addr', 'add', '10.0.1.5/24', 'dev', 'eth1']);
  ipOk(host, ['link', 'set', 'eth1', 'up']);
}

/** storeViolations: every block file has no allocations, and no temp or lock file is left. */
function multiNicStoreViolations(dir: string): string[] {
  const v: string[] = [];
  for (const f of filesUnder(dir)) {
    if (!/(^|\/)(block-[^/]+\.json|host-index\.json|l3\.json)$/.test(f)) {
      v.push(`store: stray file ${f}`);
      continue;
    }
    if (!f.includes('block-')) continue;
    try {
      const block = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { allocations?: Record<string, unknown> };
      const held = Object.keys(block.allocations ?? {});
      if (held.length) v.push(`store: ${f} still allocates ${held.join(', ')}`);
    } catch (e) {
      v.push(`store: ${f} unreadable: ${(e as Error).message}`);
    }
  }
  return v;
}

describeRoot('fuzz: IPAM plugins keep the CNI contract and leave nothing', () => {
  it('fakeipam', async () => {
    await fuzzPlugin({
      plugin: 'fakeipam',
      runs: 30,
      config: () => ({
        cniVersion: '1.1.0',
        name: 'fz',
        type: 'bridge',
        ipam: { type: 'fakeipam', ips: [{ ipcidr: '10.20.0.5/24', version: 4, gateway: '10.20.0.1' }, { ipcidr: 'fd00:20::5/64', version: 6 }], routes: [{ dst: '10.21.0.0/16', gw: '10.20.0.1' }] },
      }),
    });
  });

  it('static-ipam', async () => {
    await fuzzPlugin({
      plugin: 'static-ipam',
      runs: 30,
      config: () => ({
        cniVersion: '1.1.0',
        name: 'fz',
        type: 'bridge',
        ipam: {
          type: 'static-ipam',
          addresses: [{ address: '10.250.0.10/24', gateway: '10.250.0.1' }, { address: 'fd00:250::10/64', gateway: 'fd00:250::1' }],
          routes: [{ dst: '10.251.0.0/16', gw: '10.250.0.1' }],
          dns: { nameservers: ['10.250.0.1'], search: ['demo.local'] },
        },
      }),
    });
  });

  it('multi-nic-ipam', async () => {
    await fuzzPlugin({
      plugin: 'multi-nic-ipam',
      runs: 30,
      prepareHost: hostWithNic,
      config: ({ sandbox }) => ({
        cniVersion: '1.1.0',
        name: 'fz',
        type: 'ipvlan',
        ipam: { type: 'multi-nic-ipam', subnet: '192.168.0.0/16', interfaceBlock: 2, hostBlock: 6, masters: ['eth1'], hostIndex: 3, dataDir: join(sandbox.root, 'store') },
      }),
      pinned: [['ipam', 'dataDir']],
      storeViolations: (sandbox) => multiNicStoreViolations(join(sandbox.root, 'store')),
      resetStores: (sandbox) => rmSync(join(sandbox.root, 'store'), { recursive: true, force: true }),
    });
  });
});
