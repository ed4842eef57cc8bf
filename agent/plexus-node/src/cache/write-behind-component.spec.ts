import { FakeKubeClient } from '@plexus/k8s/testing';
import { handOff } from '@plexus/node-cache';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentMetrics } from '../daemon/metrics';
import { writeBehindComponent } from './write-behind-component';

describe('write-behind (agent socket + plugin handOff)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'plxwb-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes a network-status patch and an event over the socket and writes them, retrying a failure', async () => {
    const kube = new FakeKubeClient();
    kube.addPod({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'd', name: 'p', uid: 'u' } } as never);
    kube.failNext('patchPodAnnotations', new Error('503'), 2);
    const metrics = agentMetrics();
    const wb = writeBehindComponent({ root, log: () => undefined, sleep: async () => undefined, makeClient: () => kube });
    await wb.start({ metrics, kubeconfigPath: '/k' });
    expect(statSync(join(root, 'writebehind.sock')).mode & 0o777).toBe(0o600);

    expect(await handOff(join(root, 'writebehind.sock'), { op: 'patchPodAnnotations', namespace: 'd', name: 'p', annotations: { a: 'b' } })).toBe(true);
    expect(await handOff(join(root, 'writebehind.sock'), { op: 'createPodEvent', event: { namespace: 'd', podName: 'p', reason: 'AddedInterface', message: 'm', type: 'Normal' } as never })).toBe(true);
    await wb.stop();
    expect(kube.calls.filter((c) => c.method === 'patchPodAnnotations')).toHaveLength(3);
    expect(kube.calls.filter((c) => c.method === 'createPodEvent')).toHaveLength(1);
    expect(metrics.value('plexus_node_writebehind_total', { op: 'patchPodAnnotations', result: 'written' })).toBe(1);
  });

  it('refuses a malformed request (the plugin then writes itself)', async () => {
    const wb = writeBehindComponent({ root, log: () => undefined, sleep: async () => undefined, makeClient: () => new FakeKubeClient() });
    await wb.start({ metrics: agentMetrics(), kubeconfigPath: '/k' });
    expect(await handOff(join(root, 'writebehind.sock'), { op: 'patchPodAnnotations', namespace: '', name: 'p', annotations: {} })).toBe(false);
    expect(wb.pending()).toBe(0);
    await wb.stop();
  });

  it('handOff is false when no agent listens (missing or stale socket)', async () => {
    expect(await handOff(join(root, 'writebehind.sock'), { op: 'createPodEvent', event: {} as never })).toBe(false);
  });

  it('counts ADD/DEL reports in /metrics without queueing an API write', async () => {
    const kube = new FakeKubeClient();
    const metrics = agentMetrics();
    const wb = writeBehindComponent({ root, log: () => undefined, sleep: async () => undefined, makeClient: () => kube });
    await wb.start({ metrics, kubeconfigPath: '/k' });
    expect(await handOff(join(root, 'writebehind.sock'), { op: 'report', command: 'ADD', result: 'ok', ms: 250 })).toBe(true);
    expect(await handOff(join(root, 'writebehind.sock'), { op: 'report', command: 'ADD', result: 'error-11', ms: 50 })).toBe(true);
    await wb.stop();
    expect(metrics.value('plexus_node_cni_ops_total', { command: 'ADD', result: 'ok' })).toBe(1);
    expect(metrics.value('plexus_node_cni_ops_total', { command: 'ADD', result: 'error-11' })).toBe(1);
    expect(metrics.value('plexus_node_cni_op_seconds_sum', { command: 'ADD' })).toBeCloseTo(0.3);
    expect(kube.calls).toEqual([]);
  });
});
