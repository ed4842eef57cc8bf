// In-process delegates are separate bundles, each with its own copy of this module; a counter on globalThis adds
// up the calls of every Plexus plugin running in one process (the meta-dispatcher and its in-process delegates).
const KEY = Symbol.for('plexus.k8s.apiCalls');
type CounterHolder = { [KEY]?: number };

/** recordApiCall counts one HTTP request to the API server, process-wide. */
export function recordApiCall(): void {
  const g = globalThis as CounterHolder;
  g[KEY] = (g[KEY] ?? 0) + 1;
}

/** getProcessApiCallCount is the number of API requests every KubeClient in this process has sent. */
export function getProcessApiCallCount(): number {
  return (globalThis as CounterHolder)[KEY] ?? 0;
}
