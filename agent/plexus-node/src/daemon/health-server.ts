import { createServer, type Server } from 'node:http';
import type { Metrics } from '../metrics/metrics';

/** What /healthz reports: ok while every reconcile step succeeded within its staleness bound. */
export type HealthCheck = () => { ok: boolean; detail: string };

/**
 * startHealthServer serves `/healthz` (200/503, for the DaemonSet's liveness probe) and `/metrics` (Prometheus text)
 * on 127.0.0.1 only: the agent runs in the host netns and must not expose anything off the node.
 */
export async function startHealthServer(port: number, metrics: Metrics, health: HealthCheck): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'text/plain' }).end(`${h.detail}\n`);
    } else if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics.render());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
