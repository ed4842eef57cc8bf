import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { createKubeWatcher, type WatchEvent } from './kube-watcher';
import type { KubeObject } from './types';

const PODS = { group: '', version: 'v1', plural: 'pods', kind: 'Pod' };
const NADS = { group: 'k8s.cni.cncf.io', version: 'v1', plural: 'network-attachment-definitions', kind: 'NetworkAttachmentDefinition' };

describe('createKubeWatcher (through client-node, against the API emulator)', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.stop());

  it('lists with the resourceVersion, then watches from it: changes only, selectors applied, DELETED included', async () => {
    emu.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'd' }, spec: { nodeName: 'n1' } });
    emu.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'd' }, spec: { nodeName: 'n2' } });
    const w = createKubeWatcher({ kubeconfigPath: emu.kubeconfigPath });
    const list = await w.list(PODS, { fieldSelector: 'spec.nodeName=n1' });
    expect(list.items.map((p) => p.metadata.name)).toEqual(['a']);
    expect(list.resourceVersion).toBe(emu.store.currentRevision());

    const events: Array<WatchEvent<KubeObject>> = [];
    const ctrl = new AbortController();
    const done = w.watch(PODS, { fieldSelector: 'spec.nodeName=n1' }, list.resourceVersion, (e) => {
      events.push(e);
      if (events.length === 2) ctrl.abort();
    }, { signal: ctrl.signal });
    await new Promise((r) => setTimeout(r, 200));
    emu.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'd' }, spec: { nodeName: 'n1' } });
    emu.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'y', namespace: 'd' }, spec: { nodeName: 'n2' } });
    emu.store.remove({ group: '', plural: 'pods', namespace: 'd', name: 'a' });
    await done;
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'b'],
      ['DELETED', 'a'],
    ]);
  }, 30_000);

  it('lists custom resources across namespaces', async () => {
    emu.seed({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'n', namespace: 'a' }, spec: { config: '{}' } });
    const list = await createKubeWatcher({ kubeconfigPath: emu.kubeconfigPath }).list(NADS);
    expect(list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['a/n']);
  }, 30_000);

  it('rejects a watch that the server ends with an error status', async () => {
    const w = createKubeWatcher({ kubeconfigPath: emu.kubeconfigPath });
    emu.setTokens(['other']);
    await expect(w.watch(PODS, {}, '1', () => undefined)).rejects.toThrow();
  });
});
