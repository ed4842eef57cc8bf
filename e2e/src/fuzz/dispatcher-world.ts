import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipOk, type TestNetns } from '../support';
import type { Sandbox } from './fuzz-world';

// The static-network world of the meta-dispatcher fuzz and kill -9 runs: two conf files and the host bridges.

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

