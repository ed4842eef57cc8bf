/**
 * Metrics is a tiny Prometheus registry (counters and gauges with labels), rendered in the text exposition format.
 * Enough for the agent's few series; no client library on the node.
 */
export class Metrics {
  private readonly series = new Map<string, { help: string; type: 'counter' | 'gauge'; values: Map<string, number> }>();

  define(name: string, type: 'counter' | 'gauge', help: string): void {
    if (!this.series.has(name)) this.series.set(name, { help, type, values: new Map() });
  }

  inc(name: string, labels: Record<string, string> = {}, by = 1): void {
    const s = this.get(name);
    const key = labelKey(labels);
    s.values.set(key, (s.values.get(key) ?? 0) + by);
  }

  set(name: string, value: number, labels: Record<string, string> = {}): void {
    this.get(name).values.set(labelKey(labels), value);
  }

  value(name: string, labels: Record<string, string> = {}): number {
    return this.get(name).values.get(labelKey(labels)) ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, s] of this.series) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      if (s.values.size === 0 && s.type === 'counter') lines.push(`${name} 0`);
      for (const [key, v] of s.values) lines.push(`${name}${key} ${v}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private get(name: string) {
    const s = this.series.get(name);
    if (!s) throw new Error(`metric ${name} is not defined`);
    return s;
  }
}

function labelKey(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${labels[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

/** agentMetrics defines every series the agent exports. */
export function agentMetrics(): Metrics {
  const m = new Metrics();
  m.define('plexus_node_conf_writes_total', 'counter', 'Rewrites of 00-plexus.conflist (primary changed or ours removed).');
  m.define('plexus_node_kubeconfig_writes_total', 'counter', 'Rewrites of the plugin kubeconfig (token or CA rotated).');
  m.define('plexus_node_token_expiry_seconds', 'gauge', 'Unix time the current service-account token expires (0 if opaque).');
  m.define('plexus_node_errors_total', 'counter', 'Failed reconcile passes, by step.');
  m.define('plexus_node_api_errors_total', 'counter', 'Failed API calls of the agent (list/watch/writes), by operation.');
  m.define('plexus_node_cache_objects', 'gauge', 'Objects in the node-local cache, by resource.');
  m.define('plexus_node_cni_ops_total', 'counter', 'ADD/DEL reported by the meta-dispatcher, by command and result (ok, error-<CNI code>).');
  m.define('plexus_node_cni_op_seconds_sum', 'counter', 'Total latency of the reported ADD/DEL, by command (divide by the count for the mean).');
  m.define('plexus_node_gc_sandboxes_total', 'counter', 'Sandboxes torn down because their pod is gone.');
  m.define('plexus_node_writebehind_total', 'counter', 'Network-status and event writes handed to the agent, by result.');
  return m;
}
