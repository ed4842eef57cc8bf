import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { WORKSPACE_ROOT } from '../support/workspace';

/**
 * The lane's own minimal CRI v1 proto. Resolved from the workspace root (not __dirname) so the benchmark, which
 * bundles this file, finds it too.
 */
export const CRI_PROTO = resolve(WORKSPACE_ROOT, 'e2e', 'src', 'cri', 'cri-runtime-v1.proto');

/** What a pod sandbox is made from (the subset of PodSandboxConfig the lane sets). */
export interface SandboxSpec {
  name: string;
  namespace: string;
  uid: string;
  attempt?: number;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

/** A sandbox's status as the runtime reports it (PodSandboxStatus, flattened). */
export interface SandboxStatus {
  id: string;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
  /** network.ip: the pod IP the runtime took from the CNI result. */
  ip: string;
  /** network.additional_ips. */
  additionalIps: string[];
  /** The network namespace path, from the verbose info (containerd's `info.runtimeSpec`). */
  netnsPath?: string;
  annotations: Record<string, string>;
}

/** One entry of ListPodSandbox. */
export interface SandboxSummary {
  id: string;
  name: string;
  namespace: string;
  uid: string;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
}

type Unary = (req: unknown, meta: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

interface RawStatus {
  status: { id: string; state: SandboxStatus['state']; network?: { ip: string; additional_ips?: Array<{ ip: string }> }; annotations?: Record<string, string> };
  info?: Record<string, string>;
}

/**
 * CriClient speaks the CRI RuntimeService over a runtime's unix socket, as kubelet does: RunPodSandbox,
 * PodSandboxStatus, StopPodSandbox, RemovePodSandbox, ListPodSandbox (and Version, used as a readiness probe).
 * Every call has a deadline so a wedged runtime fails a test instead of hanging it.
 */
export class CriClient {
  private readonly client: grpc.Client & Record<string, Unary>;

  constructor(readonly socketPath: string, private readonly deadlineMs = 120_000) {
    const def = protoLoader.loadSync(CRI_PROTO, { keepCase: true, longs: String, enums: String, defaults: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { runtime: { v1: { RuntimeService: grpc.ServiceClientConstructor } } };
    this.client = new pkg.runtime.v1.RuntimeService(`unix://${socketPath}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, Unary>;
  }

  /** version asks the runtime for its name and version (containerd answers once its CRI plugin is up). */
  async version(): Promise<{ runtime_name: string; runtime_version: string; runtime_api_version: string }> {
    return (await this.call('Version', { version: 'v1' }, 5_000)) as { runtime_name: string; runtime_version: string; runtime_api_version: string };
  }

  /** runPodSandbox creates and starts a sandbox (pause container + network) and returns its id. */
  async runPodSandbox(spec: SandboxSpec): Promise<string> {
    const config = {
      metadata: { name: spec.name, namespace: spec.namespace, uid: spec.uid, attempt: spec.attempt ?? 0 },
      hostname: spec.name,
      labels: spec.labels ?? {},
      annotations: spec.annotations ?? {},
      linux: {},
    };
    const res = (await this.call('RunPodSandbox', { config })) as { pod_sandbox_id: string };
    return res.pod_sandbox_id;
  }

  /** podSandboxStatus reports state, IPs and (verbose) the netns path of a sandbox. */
  async podSandboxStatus(id: string): Promise<SandboxStatus> {
    const res = (await this.call('PodSandboxStatus', { pod_sandbox_id: id, verbose: true })) as RawStatus;
    return {
      id: res.status.id,
      state: res.status.state,
      ip: res.status.network?.ip ?? '',
      additionalIps: (res.status.network?.additional_ips ?? []).map((p) => p.ip),
      netnsPath: netnsPathOf(res.info),
      annotations: res.status.annotations ?? {},
    };
  }

  /** stopPodSandbox stops the sandbox and tears its network down (the runtime's first CNI DEL). */
  async stopPodSandbox(id: string): Promise<void> {
    await this.call('StopPodSandbox', { pod_sandbox_id: id });
  }

  /** removePodSandbox removes a stopped sandbox (containerd sends its second CNI DEL here). */
  async removePodSandbox(id: string): Promise<void> {
    await this.call('RemovePodSandbox', { pod_sandbox_id: id });
  }

  /** listPodSandbox lists every sandbox the runtime knows. */
  async listPodSandbox(): Promise<SandboxSummary[]> {
    const res = (await this.call('ListPodSandbox', {})) as { items: Array<{ id: string; state: SandboxSummary['state']; metadata: { name: string; namespace: string; uid: string } }> };
    return res.items.map((i) => ({ id: i.id, state: i.state, name: i.metadata.name, namespace: i.metadata.namespace, uid: i.metadata.uid }));
  }

  /** close drops the channel. */
  close(): void {
    this.client.close();
  }

  private call(method: string, req: unknown, deadlineMs = this.deadlineMs): Promise<unknown> {
    return new Promise((resolvePromise, reject) => {
      this.client[method](req, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (err, res) => (err ? reject(new CriError(method, err)) : resolvePromise(res)));
    });
  }
}

/** CriError is a failed CRI call: the method, the gRPC code and the runtime's message (e.g. the CNI error text). */
export class CriError extends Error {
  readonly code: grpc.status;
  constructor(
    readonly method: string,
    err: grpc.ServiceError,
  ) {
    super(`${method}: ${grpc.status[err.code] ?? err.code}: ${err.details || err.message}`);
    this.code = err.code;
  }
}

/** netnsPathOf digs the network namespace path out of containerd's verbose sandbox info. */
function netnsPathOf(info: Record<string, string> | undefined): string | undefined {
  if (!info?.info) return undefined;
  const parsed = JSON.parse(info.info) as { runtimeSpec?: { linux?: { namespaces?: Array<{ type: string; path?: string }> } } };
  return parsed.runtimeSpec?.linux?.namespaces?.find((n) => n.type === 'network')?.path || undefined;
}
