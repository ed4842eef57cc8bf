/**
 * The runtime misbehaving around Plexus: containerd restarted between RunPodSandbox and StopPodSandbox, the
 * dispatcher killed (SIGKILL) in the middle of an ADD, and a pod naming a NAD that does not exist. Each time the
 * runtime must get an error it can act on (or a working teardown), and the node must end with nothing leaked.
 */
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CriError } from './cri-client';
import { CLUSTER_NET, NAD_SUBNETS, NETWORKS_ANNOTATION, useCriWorld } from './cri-world';
import { inSubnet } from './subnet';

const world = useCriWorld();
const CLEAN = { checkpoints: [], allocations: [], bridgePorts: [], netns: [], sandboxes: [] };

/** cniNetns lists the netns containerd pinned (`cni-<uuid>`), to spot one a failed sandbox left behind. */
function cniNetns(): string[] {
  return existsSync('/var/run/netns') ? readdirSync('/var/run/netns').filter((n) => n.startsWith('cni-')) : [];
}

describe('CRI: Plexus under a misbehaving runtime', () => {
  it('containerd restarted between RunPodSandbox and StopPodSandbox: the sandbox survives and teardown is complete', async () => {
    const w = world();
    const id = await w.containerd.cri.runPodSandbox(w.pod('survivor', { [NETWORKS_ANNOTATION]: 'net-a,net-c' }));
    const before = await w.status(id);
    const addrs = w.podAddrs(before.netnsPath!);
    expect(Object.keys(addrs).sort()).toEqual(['eth0', 'net1', 'net2']);

    await w.containerd.restart();
    const after = await w.status(id);
    expect(after).toMatchObject({ state: 'SANDBOX_READY', ip: before.ip, netnsPath: before.netnsPath });
    expect(w.podAddrs(after.netnsPath!)).toEqual(addrs);

    await w.containerd.cri.stopPodSandbox(id);
    await w.containerd.cri.removePodSandbox(id);
    expect(await w.leftovers()).toEqual(CLEAN);
  }, 180_000);

  it('the dispatcher killed mid-ADD: containerd reports the error, nothing leaks, and the retry succeeds', async () => {
    const w = world();
    const cri = w.containerd.cri;
    // A delegate that, once armed, SIGKILLs its caller — the dispatcher — after eth0 and net1 are attached, then
    // behaves as the reference bridge (so the retry and every DEL go through).
    // It records the pod's links at that moment, to prove the kill came mid-ADD.
    const armed = join(w.tmp, 'killer-armed');
    const seen = join(w.tmp, 'killer-saw');
    const killer = join(w.dirs.binDir, 'plxcri-killer');
    writeFileSync(
      killer,
      `#!/bin/sh
if [ "$CNI_COMMAND" = ADD ] && [ -e ${armed} ]; then
  rm -f ${armed}
  nsenter --net="$CNI_NETNS" ip -o link show | cut -d: -f2 | tr -d ' ' | cut -d@ -f1 > ${seen}
  kill -9 $PPID
  exit 1
fi
exec ${join(w.dirs.binDir, 'bridge')}
`,
    );
    chmodSync(killer, 0o755);
    w.nad('net-kill', { cniVersion: '1.0.0', name: w.nadConfName('net-kill'), type: 'plxcri-killer', bridge: w.bridge, ipam: w.nadHostLocal('10.234.4.0/24') });
    writeFileSync(armed, '');
    const netnsBefore = cniNetns();
    const spec = w.pod('victim', { [NETWORKS_ANNOTATION]: 'net-a,net-kill' });

    const err = await cri.runPodSandbox(spec).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CriError);
    expect((err as CriError).message).toMatch(/plugin type="meta-dispatcher" failed \(add\).*signal: killed/);
    expect(existsSync(armed)).toBe(false);
    expect(readFileSync(seen, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['eth0', 'lo', 'net1']);
    expect(await w.leftovers()).toEqual(CLEAN);
    expect(cniNetns()).toEqual(netnsBefore);

    const id = await cri.runPodSandbox(spec);
    const s = await w.status(id);
    const addrs = w.podAddrs(s.netnsPath!);
    expect(Object.keys(addrs).sort()).toEqual(['eth0', 'net1', 'net2']);
    expect(inSubnet(addrs.eth0[0], CLUSTER_NET.subnet)).toBe(true);
    expect(inSubnet(addrs.net1[0], NAD_SUBNETS['net-a'])).toBe(true);
    expect(inSubnet(addrs.net2[0], '10.234.4.0/24')).toBe(true);
    await cri.stopPodSandbox(id);
    await cri.removePodSandbox(id);
    expect(await w.leftovers()).toEqual(CLEAN);
  }, 180_000);

  it('a NAD that does not exist: RunPodSandbox fails naming it, and nothing is left', async () => {
    const w = world();
    const netnsBefore = cniNetns();
    const err = await w.containerd.cri.runPodSandbox(w.pod('orphan', { [NETWORKS_ANNOTATION]: 'net-a,net-missing' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CriError);
    expect((err as CriError).message).toContain('NetworkAttachmentDefinition "default/net-missing" does not exist');
    expect(await w.leftovers()).toEqual(CLEAN);
    expect(cniNetns()).toEqual(netnsBefore);
  }, 120_000);
});
