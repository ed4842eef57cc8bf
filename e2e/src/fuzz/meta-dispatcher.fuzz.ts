import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot } from '../support';
import { hostWithBridges, writeConfs } from './dispatcher-world';
import { fuzzPlugin } from './fuzz-plugin';
import { filesUnder } from './fuzz-world';

// Property-based runs of the meta-dispatcher with static networks (no API): a bridge + static-ipam network as the
// primary and a bridge + fakeipam one as the secondary, run in a throwaway host netns that holds the bridges.
// Afterwards: no checkpoint, no veth on the bridges, nothing in the pod.

const describeRoot = isRoot() ? describe : describe.skip;

describeRoot('fuzz: meta-dispatcher keeps the CNI contract and leaves no checkpoint, link or address', () => {
  it('meta-dispatcher', async () => {
    await fuzzPlugin({
      plugin: 'meta-dispatcher',
      runs: 25,
      ifName: 'eth0',
      plexusBin: ['meta-dispatcher', 'static-ipam', 'fakeipam'],
      referenceBin: ['bridge'],
      prepareHost: hostWithBridges,
      config: ({ sandbox }) => ({
        cniVersion: '1.1.0',
        name: 'fz',
        type: 'meta-dispatcher',
        confDir: writeConfs(sandbox),
        cacheDir: join(sandbox.root, 'cache'),
        networks: ['primary', { conf: 'data', interface: 'data0' }],
        delegateTimeoutMs: 20000,
      }),
      pinned: [['cacheDir'], ['confDir']],
      storeViolations: (sandbox) => filesUnder(join(sandbox.root, 'cache')).map((f) => `checkpoint left: ${f}`),
      resetStores: (sandbox) => rmSync(join(sandbox.root, 'cache'), { recursive: true, force: true }),
    });
  });
});
