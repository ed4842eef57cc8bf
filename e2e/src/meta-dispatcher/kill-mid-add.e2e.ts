/**
 * kill -9 in the middle of an ADD: the dispatcher binary (run directly, as a runtime runs it) is killed while its
 * third delegate hangs, after it had reserved DANM addresses and created two interfaces. The runtime's DEL (through
 * cnictl) must then leave nothing: no interfaces, no host veths, no checkpoint, no DANM allocation.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { containerIdFor } from '../cnictl/cnictl-world';
import { isRoot, type CniBinDir, type TestNetns } from '../support';
import { MD_NETWORK, MdWorld, buildAll, makeBinDir, seedPod } from './md-world';

const POD = { namespace: 'default', name: 'victim', uid: 'uid-victim' };

let bin: CniBinDir;
let w: MdWorld;
let pod: TestNetns;
let marker: string;

beforeAll(() => {
  if (!isRoot()) throw new Error('the meta-dispatcher e2e suite needs root (netns, links)');
  buildAll();
}, 240_000);
afterAll(() => bin?.remove());
beforeEach(async () => {
  // A delegate that records its pid and then hangs: the dispatcher is killed while waiting for it.
  marker = join('/tmp', `plxmd-hang-${process.pid}-${Date.now()}`);
  bin = makeBinDir({ 'plxmd-hang': `#!/bin/sh\n[ "$CNI_COMMAND" = ADD ] || exit 0\necho $$ > ${marker}\nexec sleep 120\n` });
  w = new MdWorld(bin.dir);
  pod = w.pod();
});
afterEach(async () => {
  await w.cleanup();
  bin.remove();
  rmSync(marker, { force: true });
});

/** allocationsOf reads a DANM network object's allocation record from the emulator. */
function allocations(plural: string, name: string, namespace?: string): unknown[] {
  const obj = w.api!.store.get({ group: 'danm.plexus.io', plural, namespace, name });
  return Object.values(((obj?.spec as { allocations?: Record<string, unknown> }) ?? {}).allocations ?? {});
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('meta-dispatcher: kill -9 mid-ADD', () => {
  it('a later DEL removes the interfaces, the checkpoint and the DANM reservations', async () => {
    const api = await w.startApi();
    api.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'ClusterNetwork', metadata: { name: 'plxmd-k0' }, spec: { networkType: 'macvlan', hostDevice: w.bridge, cidr: '10.198.50.0/24' } }, 'clusternetworks');
    api.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'DanmNet', metadata: { namespace: 'default', name: 'k1' }, spec: { networkType: 'macvlan', hostDevice: w.bridge, cidr: '10.198.51.0/24' } }, 'danmnets');
    api.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'DanmNet', metadata: { namespace: 'default', name: 'hang' }, spec: { networkType: 'plxmd-hang' } }, 'danmnets');
    w.conf('hang.conf', { cniVersion: '1.0.0', name: 'hang', type: 'plxmd-hang' });
    seedPod(api, POD.namespace, POD.name, { 'danm.io/interfaces': JSON.stringify([{ clusterNetwork: 'plxmd-k0', ip: 'dynamic' }, { network: 'k1', ip: 'dynamic' }, { network: 'hang' }]) }, POD.uid);
    const stdin = w.dispatcher({ danm: true }, '1.0.0');
    const cid = containerIdFor(pod.path);

    const child = w.spawnDispatcher('ADD', pod.path, cid, w.env(POD), stdin);
    let exited = false;
    child.on('exit', () => (exited = true));
    await waitFor(() => existsSync(marker) || exited, 60_000);
    expect(exited).toBe(false);
    child.kill('SIGKILL');
    process.kill(Number(readFileSync(marker, 'utf8').trim()), 'SIGKILL');
    await waitFor(() => exited, 10_000);

    // What the killed ADD left: two interfaces, the planned checkpoint, two reservations.
    expect(w.podLinks(pod)).toEqual(['eth0', 'eth1']);
    expect(w.checkpoints()).toEqual([`${cid}.json`]);
    expect(allocations('clusternetworks', 'plxmd-k0')).toHaveLength(1);
    expect(allocations('danmnets', 'k1', 'default')).toHaveLength(1);

    await w.cnictlOk(['del', MD_NETWORK, pod.path], w.env(POD));
    expect(w.podLinks(pod)).toEqual([]);
    expect(w.bridgePorts()).toEqual([]);
    expect(w.checkpoints()).toEqual([]);
    expect(allocations('clusternetworks', 'plxmd-k0')).toEqual([]);
    expect(allocations('danmnets', 'k1', 'default')).toEqual([]);
  }, 120_000);
});
