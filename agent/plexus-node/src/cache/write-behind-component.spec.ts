import { FakeKubeClient } from '@plexus/k8s/testing';
import { handOff } from '@plexus/node-cache';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHealthServer } from '../daemon/health-server';
import { agentMetrics } from '../metrics/metrics';
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

  it('counts ADD/DEL reports, their latency histogram and cache hits/misses in /metrics without queueing an API write', async () => {
    const kube = new FakeKubeClient();
    const metrics = agentMetrics();
    const wb = writeBehindComponent({ root, log: () => undefined, sleep: async () => undefined, makeClient: () => kube });
    await wb.start({ metrics, kubeconfigPath: '/k' });
    const health = await startHealthServer(0, metrics, () => ({ ok: true, detail: 'ok' }));
    try {
      const sock = join(root, 'writebehind.sock');
      expect(await handOff(sock, { op: 'report', command: 'ADD', result: 'ok', ms: 250, cacheHits: 4, cacheMisses: 0 })).toBe(true);
      expect(await handOff(sock, { op: 'report', command: 'ADD', result: 'error-11', ms: 50, cacheHits: 1, cacheMisses: 2 })).toBe(true);
      // An older dispatcher reports no lookups: still counted, no cache series invented.
      expect(await handOff(sock, { op: 'report', command: 'DEL', result: 'ok', ms: 3000 })).toBe(true);
      expect(await handOff(sock, { op: 'report', command: 'DEL', result: 'ok', ms: 1, cacheHits: -1 } as never)).toBe(false);
      const text = await (await fetch(`http://127.0.0.1:${health.port}/metrics`)).text();
      expect(text).toMatch(/^plexus_node_cni_ops_total\{command="ADD",result="ok"\} 1$/m);
      expect(text).toMatch(/^plexus_node_cni_ops_total\{command="ADD",result="error-11"\} 1$/m);
      expect(text).toMatch(/^plexus_node_cache_lookups_total\{result="hit"\} 5$/m);
      expect(text).toMatch(/^plexus_node_cache_lookups_total\{result="miss"\} 2$/m);
      expect(text).toMatch(/^# TYPE plexus_node_cni_op_seconds histogram$/m);
      expect(text).toMatch(/^plexus_node_cni_op_seconds_bucket\{command="ADD",le="0\.05"\} 1$/m);
      expect(text).toMatch(/^plexus_node_cni_op_seconds_bucket\{command="ADD",le="0\.25"\} 2$/m);
      expect(text).toMatch(/^plexus_node_cni_op_seconds_bucket\{command="ADD",le="\+Inf"\} 2$/m);
      expect(text).toMatch(/^plexus_node_cni_op_seconds_count\{command="ADD"\} 2$/m);
      expect(text).toMatch(/^plexus_node_cni_op_seconds_bucket\{command="DEL",le="2\.5"\} 0$/m);
      expect(text).toMatch(/^plexus_node_cni_op_seconds_bucket\{command="DEL",le="5"\} 1$/m);
    } finally {
      await health.close();
      await wb.stop();
    }
    expect(metrics.histogram('plexus_node_cni_op_seconds', { command: 'ADD' }).sum).toBeCloseTo(0.3);
    expect(kube.calls).toEqual([]);
  });
});
