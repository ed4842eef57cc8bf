import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulatorServer } from './emulator-server';
import { FaultInjector } from './faults';
import { writeKubeconfig, type KubeconfigSpec } from './kubeconfig';
import { ObjectStore } from './object-store';
import { RequestLog } from './request-log';
import { ResourceRegistry } from './resource-registry';
import type { EmulatedObject, ResourceInfo } from './types';

/** Options of startEmulator. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Accepted bearer tokens; the first is written to the kubeconfig. Default: one random token. */
  tokens?: string[];
  /** Serve HTTPS with this certificate (PEM); the kubeconfig then carries it as the CA. */
  tls?: { cert: string; key: string };
  /** Custom resources to serve with a known kind and scope (others are learned on first create). */
  resources?: ResourceInfo[];
  /** Where to write the kubeconfig; default a file in a fresh temp dir (removed by stop()). */
  kubeconfigPath?: string;
}

/** A running emulator. */
export interface Emulator {
  url: string;
  port: number;
  /** The kubeconfig pointing at this emulator with the first token. */
  kubeconfigPath: string;
  /** The token written to the kubeconfig. */
  token: string;
  store: ObjectStore;
  registry: ResourceRegistry;
  faults: FaultInjector;
  requests: RequestLog;
  /** seed stores an object as if created; `plural` is needed only for kinds the emulator does not know. */
  seed(obj: EmulatedObject, plural?: string): EmulatedObject;
  /** setTokens replaces the accepted tokens (token rotation). */
  setTokens(tokens: string[]): void;
  /** writeKubeconfig (re)writes a kubeconfig for this server, by default at kubeconfigPath. */
  writeKubeconfig(spec: Omit<KubeconfigSpec, 'server' | 'caPem'>, path?: string): string;
  stop(): Promise<void>;
}

/**
 * startEmulator starts an in-process Kubernetes API emulator on 127.0.0.1 and writes a kubeconfig for it, so tests
 * reach it through the real client library exactly as a plugin would reach a cluster.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  let tokens = new Set(opts.tokens ?? [`emulator-${Math.random().toString(36).slice(2)}`]);
  const token = [...tokens][0] ?? '';
  const store = new ObjectStore();
  const registry = new ResourceRegistry(opts.resources);
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const seed = (obj: EmulatedObject, plural?: string): EmulatedObject => {
    const info = plural ? undefined : registry.findByKind(obj.apiVersion ?? '', obj.kind ?? '');
    const p = plural ?? info?.plural;
    if (!p) throw new Error(`seed: unknown kind ${obj.apiVersion}/${obj.kind}; pass its plural`);
    const group = (obj.apiVersion ?? '').includes('/') ? obj.apiVersion!.split('/')[0]! : '';
    if (info && !info.namespaced) delete obj.metadata.namespace;
    if (!info) registry.register({ group, version: (obj.apiVersion ?? 'v1').split('/').pop()!, plural: p, kind: obj.kind ?? '', namespaced: Boolean(obj.metadata.namespace) });
    const existing = store.get({ group, plural: p, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' });
    return existing ? store.update(group, p, obj, existing) : store.insert(group, p, obj);
  };
  const setTokens = (t: string[]): void => {
    tokens = new Set(t);
  };
  const { server, cancelPending } = createEmulatorServer({ store, registry, faults, requests, tokens: () => tokens, setTokens, seed, tls: opts.tls });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const tempDir = opts.kubeconfigPath ? undefined : mkdtempSync(join(tmpdir(), 'plexus-emulator-'));
  const kubeconfigPath = opts.kubeconfigPath ?? join(tempDir!, 'kubeconfig');
  const write = (spec: Omit<KubeconfigSpec, 'server' | 'caPem'>, path = kubeconfigPath): string => {
    writeKubeconfig(path, { ...spec, server: url, caPem: opts.tls?.cert });
    return path;
  };
  write({ token });
  return {
    url,
    port,
    kubeconfigPath,
    token,
    store,
    registry,
    faults,
    requests,
    seed,
    setTokens,
    writeKubeconfig: write,
    stop: async () => {
      cancelPending();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

