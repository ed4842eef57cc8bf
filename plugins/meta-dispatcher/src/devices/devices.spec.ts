import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catchCniError } from '@plexus/cni-spec/testing';
import { CACHE_DIR, DispatcherHarness, confList, dispatcherConf, ifaceResult, request } from '../testing/dispatcher-harness';
import { parseKubeletCheckpoint, podResourceMap } from './kubelet-checkpoint';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const V120 = fixture('kubelet_internal_checkpoint.v1-20.json');
const PRE120 = fixture('kubelet_internal_checkpoint.pre-1-20.json');
const CHECKPOINT = '/kubelet/device-plugins/kubelet_internal_checkpoint';
const SRIOV = 'intel.com/intel_sriov_netdevice';

describe('kubelet device checkpoint', () => {
  it('reads the NUMA-map format (kubelet ≥ 1.20): the pod\'s IDs per resource, sorted, other pods ignored', () => {
    const map = podResourceMap(parseKubeletCheckpoint(V120, CHECKPOINT), 'uid-1');
    expect(Object.fromEntries(map)).toEqual({ [SRIOV]: ['0000:3b:02.1', '0000:3b:02.3'], 'nvidia.com/gpu': ['GPU-8f1c2a'] });
  });

  it('reads the list format of older kubelets', () => {
    expect(Object.fromEntries(podResourceMap(parseKubeletCheckpoint(PRE120, CHECKPOINT), 'uid-1'))).toEqual({ 'intel.com/sriov_netdevice': ['0000:03:02.0', '0000:03:02.3'] });
  });

  it.each([
    ['not JSON', '{"Data":'],
    ['no Data', '{"Checksum":1}'],
    ['DeviceIDs of the wrong type', '{"Data":{"PodDeviceEntries":[{"PodUID":"u","ResourceName":"r","DeviceIDs":"0000:03:02.0"}]}}'],
  ])('refuses a checkpoint that is %s with code 5 naming the file', (_, text) => {
    const err = catchCniError(() => parseKubeletCheckpoint(text, CHECKPOINT));
    expect(err.code).toBe(5);
    expect(err.details).toContain(CHECKPOINT);
  });
});

/** A pod with the cluster network and two SR-IOV networks from one resource. */
function sriovPod(): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [
    request('cluster', 'bridge', { source: 'cluster-network', isPrimary: true }),
    // libcni hands runtimeConfig.deviceID only to plugins declaring the capability; sriov-a's does.
    { ...request('default/sriov-a', 'sriov', { confList: confList('sriov-a', 'sriov', { capabilities: { deviceID: true } }), capabilityArgs: { deviceID: 'asked-by-annotation' } }), resourceName: SRIOV },
    { ...request('default/sriov-b', 'sriov'), resourceName: SRIOV },
  ];
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
  let n = 10;
  h.addMain('sriov', (ifName) => ifaceResult(ifName, `10.56.217.${n++}/24`));
  return h;
}

describe('ADD with k8s.v1.cni.cncf.io/resourceName networks', () => {
  it('passes the n-th allocated device as deviceID (runtimeConfig and conf) and writes device-info in network-status', async () => {
    const h = sriovPod();
    void h.files.writeAtomic(CHECKPOINT, V120);
    void h.files.writeAtomic(`/var/run/k8s.cni.cncf.io/devinfo/dp/intel.com-intel_sriov_netdevice-0000:3b:02.3-device.json`, JSON.stringify({ type: 'pci', version: '1.1.0', pci: { 'pci-address': '0000:3b:02.3', 'pf-pci-address': '0000:3b:00.0' } }));
    await h.ok('ADD', dispatcherConf({ deviceCheckpointFile: CHECKPOINT }));
    const stdins = h.delegator.calls.map((c) => JSON.parse(c.stdin) as { deviceID?: string; pciBusID?: string; runtimeConfig?: { deviceID?: string } });
    expect(stdins.map((s) => [s.runtimeConfig?.deviceID, s.deviceID, s.pciBusID])).toEqual([
      [undefined, undefined, undefined],
      ['0000:3b:02.1', '0000:3b:02.1', '0000:3b:02.1'],
      [undefined, '0000:3b:02.3', '0000:3b:02.3'],
    ]);
    const pod = h.kube.stored<{ metadata: { annotations: Record<string, string> } }>({ group: '', version: 'v1', plural: 'pods', kind: 'Pod' }, { namespace: 'default', name: 'web' });
    const text = pod!.metadata.annotations['k8s.v1.cni.cncf.io/network-status']!;
    const status = JSON.parse(text) as Array<{ name: string; 'device-info'?: unknown }>;
    expect(status.map((e) => [e.name, e['device-info']])).toEqual([
      ['cluster', undefined],
      ['default/sriov-a', { type: 'pci', version: '1.1.0', pci: { 'pci-address': '0000:3b:02.1' } }],
      ['default/sriov-b', { type: 'pci', version: '1.1.0', pci: { 'pci-address': '0000:3b:02.3', 'pf-pci-address': '0000:3b:00.0' } }],
    ]);
    // The NAD client's field order: device-info after dns, before gateway.
    expect(text).toContain('"dns": {},\n    "device-info": {\n        "type": "pci"');
  });

  it('fails with code 5 naming a missing kubelet checkpoint; nothing attached, nothing checkpointed', async () => {
    const h = sriovPod();
    const err = await h.fail('ADD', dispatcherConf({ deviceCheckpointFile: CHECKPOINT }));
    expect(err.code).toBe(5);
    expect(err.details).toContain(CHECKPOINT);
    expect(h.delegator.commands()).toEqual([]);
    expect([...h.files.files.keys()].filter((k) => k.startsWith(CACHE_DIR))).toEqual([]);
  });

  it('refuses a resourceName that is not a resource name (code 7)', async () => {
    const h = sriovPod();
    h.requests[1]!.resourceName = '../../etc/passwd';
    void h.files.writeAtomic(CHECKPOINT, V120);
    const err = await h.fail('ADD', dispatcherConf({ deviceCheckpointFile: CHECKPOINT }));
    expect(err).toMatchObject({ code: 7, msg: 'invalid k8s.v1.cni.cncf.io/resourceName' });
    expect(h.delegator.commands()).toEqual([]);
  });
});
