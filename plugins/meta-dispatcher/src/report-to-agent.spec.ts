import { CniError } from '@plexus/cni-spec';
import { NETWORK_ATTACHMENT_DEFINITIONS } from '@plexus/k8s';
import { FakeKubeClient } from '@plexus/k8s/testing';
import { NodeCacheReader, NodeCacheWriter, withNodeCache } from '@plexus/node-cache';
import { fakeCmdArgs } from '@plexus/skel/testing';
import { MemoryFileStore } from '@plexus/store/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendOverSocket, withAgentReport } from './report-to-agent';

describe('withAgentReport', () => {
  let dir: string;
  let server: Server;
  const lines: unknown[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plxrep-'));
    lines.length = 0;
    server = createServer((s) => s.on('data', (d: Buffer) => (lines.push(JSON.parse(d.toString())), s.end('{"ok":true}\n'))));
    await new Promise<void>((r) => server.listen(join(dir, 'writebehind.sock'), () => r()));
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const handlers: Record<string, unknown> = {
    add: async () => ({ cniVersion: '1.0.0', interfaces: [], ips: [] }),
    del: async () => {
      throw new CniError(11, 'busy');
    },
  };

  it('reports ADD ok and DEL failures (by CNI code) with their latency to the agent, without changing the outcome', async () => {
    let t = 0;
    const h = withAgentReport(handlers as never, sendOverSocket, () => (t += 5));
    const args = fakeCmdArgs({ cniVersion: '1.0.0', name: 'p', type: 'meta-dispatcher', nodeCache: dir });
    await expect(h.add(args)).resolves.toMatchObject({ cniVersion: '1.0.0' });
    await expect(h.del(args)).rejects.toMatchObject({ code: 11 });
    expect(lines).toEqual([
      { op: 'report', command: 'ADD', result: 'ok', ms: 5, cacheHits: 0, cacheMisses: 0 },
      { op: 'report', command: 'DEL', result: 'error-11', ms: 5, cacheHits: 0, cacheMisses: 0 },
    ]);
  });

  it('reports the node-cache hits and misses made during the operation', async () => {
    const files = new MemoryFileStore();
    await new NodeCacheWriter(files, '/c').writeState({ heartbeatAt: new Date().toISOString(), synced: { 'k8s.cni.cncf.io/network-attachment-definitions': '1' } });
    await new NodeCacheWriter(files, '/c').upsert(NETWORK_ATTACHMENT_DEFINITIONS, { metadata: { namespace: 'd', name: 'a' } });
    const kube = withNodeCache(() => new FakeKubeClient(), new NodeCacheReader(files, '/c'));
    await kube.getNetworkAttachmentDefinition('d', 'a').catch(() => undefined); // a lookup before the ADD: not reported
    const looking = {
      ...handlers,
      add: async () => {
        await kube.getNetworkAttachmentDefinition('d', 'a');
        await kube.getNetworkAttachmentDefinition('d', 'missing').catch(() => undefined);
        await kube.getNetworkAttachmentDefinition('d', 'a');
        return { cniVersion: '1.0.0', interfaces: [], ips: [] };
      },
    };
    await withAgentReport(looking as never).add(fakeCmdArgs({ cniVersion: '1.0.0', name: 'p', type: 'meta-dispatcher', nodeCache: dir }));
    expect(lines).toEqual([expect.objectContaining({ op: 'report', command: 'ADD', cacheHits: 2, cacheMisses: 1 })]);
  });

  it('reports nothing without nodeCache', async () => {
    const h = withAgentReport(handlers as never);
    await h.add(fakeCmdArgs({ cniVersion: '1.0.0', name: 'p', type: 'meta-dispatcher' }));
    expect(lines).toEqual([]);
  });
});
