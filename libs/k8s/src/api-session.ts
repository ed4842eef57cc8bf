import type { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { ClientNodeModule } from './client-node';
import type { FileStamp, KubeFs } from './kube-fs';
import type { KubeconfigSource } from './kubeconfig-source';
import { loadKubeconfig, type LoadedKubeconfig } from './load-kubeconfig';

/** The client-node API objects built from one version of the credentials. */
export interface ApiSession {
  core: CoreV1Api;
  custom: CustomObjectsApi;
}

/**
 * SessionCache holds the API objects for the current credentials and rebuilds them when any file they came from
 * changes (kubeconfig rewritten, token rotated, CA renewed). The check is a stat per request, so a long-lived
 * client picks up a rotated projected token on its next call instead of failing with 401 until restart.
 */
export class SessionCache {
  private current?: { loaded: LoadedKubeconfig; session: ApiSession };

  constructor(
    private readonly loadModule: () => Promise<ClientNodeModule>,
    private readonly fs: KubeFs,
    private readonly source: KubeconfigSource,
    private readonly onWarning: (message: string) => void = () => undefined,
  ) {}

  /** get returns the session for the credentials on disk now; `reload` forces a re-read (after a 401). */
  async get(reload = false): Promise<ApiSession> {
    if (this.current && !reload && !this.isStale(this.current.loaded)) return this.current.session;
    const k8s = await this.loadModule();
    const loaded = loadKubeconfig(k8s, this.fs, this.source);
    for (const w of loaded.warnings) this.onWarning(w);
    const session = { core: loaded.kubeConfig.makeApiClient(k8s.CoreV1Api), custom: loaded.kubeConfig.makeApiClient(k8s.CustomObjectsApi) };
    this.current = { loaded, session };
    return session;
  }

  private isStale(loaded: LoadedKubeconfig): boolean {
    return loaded.watched.some((w) => !sameStamp(w.stamp, this.fs.stat(w.path)));
  }
}

function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (!a || !b) return a === b;
  return a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size && a.ino === b.ino;
}
