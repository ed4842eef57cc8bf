import { createKubeClient, type KubeClient } from '@plexus/k8s';
import { WRITE_BEHIND_SOCKET, parseWriteBehindRequest, type WriteBehindRequest } from '@plexus/node-cache';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { DaemonComponent } from '../component/daemon-component';
import type { Metrics } from '../metrics/metrics';

/** Options of the write-behind component. */
export interface WriteBehindOptions {
  /** The cache root; the socket is `<root>/writebehind.sock`. */
  root: string;
  log: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  /** Tests inject a client; production makes one over the plugin kubeconfig the agent keeps fresh. */
  makeClient?: (kubeconfigPath: string) => KubeClient;
  /** Attempts per write before it is dropped (logged and counted). */
  maxAttempts?: number;
}

/**
 * writeBehindComponent serves the write-behind socket: the dispatcher hands it network-status patches and pod
 * events (answered `{"ok":true}` once queued), and the agent writes them in order with retries (backoff 0.2 s …
 * 10 s), so a pod ADD neither waits for the API nor loads the Kubernetes client. Refused or unparsable requests are
 * answered with an error line, and the plugin then writes itself.
 */
export function writeBehindComponent(o: WriteBehindOptions): DaemonComponent & { pending(): number } {
  const queue: WriteBehindRequest[] = [];
  let server: Server | undefined;
  let client: KubeClient | undefined;
  let metrics: Metrics | undefined;
  let wake: (() => void) | undefined;
  let stopping = false;
  let worker: Promise<void> | undefined;
  const socketPath = `${o.root}/${WRITE_BEHIND_SOCKET}`;

  async function write(req: WriteBehindRequest): Promise<void> {
    if (req.op === 'patchPodAnnotations') await client!.patchPodAnnotations(req.namespace, req.name, req.annotations);
    else if (req.op === 'createPodEvent') await client!.createPodEvent(req.event);
  }

  async function work(): Promise<void> {
    while (!stopping || queue.length) {
      const req = queue[0];
      if (!req) {
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          await write(req);
          metrics?.inc('plexus_node_writebehind_total', { op: req.op, result: 'written' });
          break;
        } catch (e) {
          const notFound = (e as Error).name === 'NotFoundError';
          if (notFound || attempt >= (o.maxAttempts ?? 8) || stopping) {
            metrics?.inc('plexus_node_writebehind_total', { op: req.op, result: notFound ? 'pod-gone' : 'dropped' });
            o.log(`write-behind ${req.op} dropped after ${attempt} attempt(s): ${(e as Error).message}`);
            break;
          }
          metrics?.inc('plexus_node_api_errors_total', { operation: req.op });
          await o.sleep(Math.min(200 * 2 ** (attempt - 1), 10_000));
        }
      }
      queue.shift();
    }
  }

  return {
    name: 'write-behind',
    pending: () => queue.length,
    async start(ctx) {
      metrics = ctx.metrics;
      client = (o.makeClient ?? ((p) => createKubeClient({ kubeconfigPath: p })))(ctx.kubeconfigPath);
      mkdirSync(o.root, { recursive: true });
      rmSync(socketPath, { force: true });
      server = createServer((sock) => {
        let buf = '';
        sock.on('data', (d: Buffer) => {
          buf += d.toString('utf8');
          const i = buf.indexOf('\n');
          if (i < 0) {
            if (buf.length > 1 << 20) sock.destroy();
            return;
          }
          try {
            if (stopping) throw new Error('agent stopping');
            const req = parseWriteBehindRequest(buf.slice(0, i));
            if (req.op === 'report') {
              // Not an API write: counted at once.
              metrics?.inc('plexus_node_cni_ops_total', { command: req.command, result: req.result });
              metrics?.observe('plexus_node_cni_op_seconds', req.ms / 1000, { command: req.command });
              if (req.cacheHits) metrics?.inc('plexus_node_cache_lookups_total', { result: 'hit' }, req.cacheHits);
              if (req.cacheMisses) metrics?.inc('plexus_node_cache_lookups_total', { result: 'miss' }, req.cacheMisses);
            } else {
              queue.push(req);
              wake?.();
            }
            sock.end('{"ok":true}\n');
          } catch (e) {
            sock.end(`${JSON.stringify({ ok: false, error: (e as Error).message })}\n`);
          }
        });
        sock.on('error', () => undefined);
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(socketPath, () => resolve());
      });
      // Only root (the runtime's plugins) may hand writes to the agent.
      chmodSync(socketPath, 0o600);
      worker = work();
    },
    async stop() {
      stopping = true;
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      rmSync(socketPath, { force: true });
      wake?.();
      await worker;
    },
  };
}
