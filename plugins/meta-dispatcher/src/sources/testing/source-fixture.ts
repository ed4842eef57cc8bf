import type { CniArgs, NetConf } from '@plexus/cni-spec';
import type { HttpClient } from '@plexus/http';
import { FakeHttpClient } from '@plexus/http/testing';
import type { KubeClient } from '@plexus/k8s';
import { FakeKubeClient } from '@plexus/k8s/testing';
import { createLogger, type Logger } from '@plexus/log';
import { MemoryFileStore } from '@plexus/store/testing';
import { parseDispatcherConfig } from '../../config/parse-dispatcher-config';
import type { ResolveContext } from '../resolve-context';

/** A test world for the sources: fake API, in-memory files, fake HTTP, captured log lines. */
export interface SourceFixture {
  ctx: ResolveContext;
  kube: FakeKubeClient;
  files: MemoryFileStore;
  http: FakeHttpClient;
  logLines: Array<Record<string, unknown>>;
  /** How many times the KubeClient factory ran (0 proves no client was built). */
  kubeCreated: () => number;
}

/** Options of makeSourceFixture. */
export interface FixtureOptions {
  /** Dispatcher config keys besides cniVersion/name/type. */
  config?: Record<string, unknown>;
  cniArgs?: CniArgs;
  runtimeConfig?: Record<string, unknown>;
  /** false: no API configured (deps.kube undefined). */
  api?: boolean;
  kube?: KubeClient;
  http?: HttpClient;
}

/** The CNI_ARGS a Kubernetes runtime sends for pod `ns/name`. */
export function podArgs(namespace: string, name: string, extra: CniArgs = []): CniArgs {
  return [['IgnoreUnknown', '1'], ['K8S_POD_NAMESPACE', namespace], ['K8S_POD_NAME', name], ['K8S_POD_INFRA_CONTAINER_ID', 'ctr-1'], ...extra];
}

/** makeSourceFixture builds a ResolveContext over fakes. */
export function makeSourceFixture(opts: FixtureOptions = {}): SourceFixture {
  const kube = new FakeKubeClient();
  const files = new MemoryFileStore();
  const http = new FakeHttpClient();
  const logLines: Array<Record<string, unknown>> = [];
  const log: Logger = createLogger({ level: 'debug', sink: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) });
  let created = 0;
  const config = parseDispatcherConfig({ cniVersion: '1.1.0', name: 'plexus', type: 'meta-dispatcher', ...opts.config } as NetConf);
  const ctx: ResolveContext = {
    config,
    cniArgs: opts.cniArgs ?? podArgs('default', 'web-0'),
    runtimeConfig: opts.runtimeConfig ?? {},
    deps: { files, log, http: () => opts.http ?? http },
  };
  if (opts.api !== false) {
    ctx.deps.kube = () => {
      created++;
      return opts.kube ?? kube;
    };
  }
  return { ctx, kube, files, http, logLines, kubeCreated: () => created };
}

/** writeConf stores a conf file (JSON) in the fake file store. */
export function writeConf(files: MemoryFileStore, path: string, conf: unknown): void {
  files.files.set(path, { data: typeof conf === 'string' ? conf : JSON.stringify(conf), mode: 0o600 });
}

/** caught awaits a promise that must reject with a CniError and returns it (the shared cni-spec test helper). */
export { catchCniErrorAsync as caught } from '@plexus/cni-spec/testing';
/** caughtSync runs a function that must throw a CniError and returns it. */
export { catchCniError as caughtSync } from '@plexus/cni-spec/testing';
