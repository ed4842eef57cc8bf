import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipOk, isRoot, type TestNetns } from '../support';
import { fuzzPlugin } from './fuzz-plugin';
import { filesUnder, type Sandbox } from './fuzz-world';

// Property-based runs of the meta-dispatcher with static networks (no API): a bridge + static-ipam network as the
// primary and a bridge + fakeipam one as the secondary, run in a throwaway host netns that holds the bridges.
// Afterwards: no checkpoint, no veth on the bridges, nothing in the pod.

const describeRoot = isRoot() ? describe : describe.skip;

/** writeConfs puts the two static networks in <sandbox>/conf. */
export function writeConfs(sandbox: Sandbox): string {
  const dir = join(sandbox.root, 'conf');
  mkdirSync(dir, { recursive: true });
  const conf = (name: string, bridge: string, ipam: Record<string, unknown>): string =>
    JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge', bridge, isGateway: false, ipMasq: false, ipam }] });
  writeFileSync(join(dir, '10-primary.conflist'), conf('primary', 'fzbr0', { type: 'static-ipam', addresses: [{ address: '10.251.0.10/24', gateway: '10.251.0.1' }] }));
  writeFileSync(join(dir, '20-data.conflist'), conf('data', 'fzbr1', { type: 'fakeipam', ips: [{ ipcidr: '10.252.0.10/24', version: 4 }] }));
  return dir;
}

/** hostWithBridges pre-creates the bridges, so the bridge plugin (which never deletes one) leaves the host as found. */
export function hostWithBridges(host: TestNetns): void {
  for (const br of ['fzbr0', 'fzbr1']) {
    ipOk(host, ['link', 'add', br, 'type', 'bridge']);
    ipOk(host, ['link', 'set', br, 'up']);
  }
}

describeRoot('fuzz: meta-dispatcher keeps the CNI contract and leaves no checkpoint, link or address', () => {
  it('meta-dispatcher', async () => {
    await fuzzPlugin({
      plugin: 'meta-dispatcher',
      runs: 35,
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
      storeViolations: (sandbox) => filesUnder(join(sandbox.root, 'cache')).map((f) => `checkpoint left: ${f}`),
      resetStores: (sandbox) => rmSync(join(sandbox.root, 'cache'), { recursive: true, force: true }),
    });
  });
});
