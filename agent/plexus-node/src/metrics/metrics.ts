/** Upper bounds (seconds) of the CNI latency histogram: a pod ADD takes from tens of ms to the runtime's timeout. */
export const LATENCY_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Series = { help: string; type: 'counter' | 'gauge'; values: Map<string, number> };
type Histogram = { help: string; buckets: number[]; values: Map<string, { labels: Record<string, string>; counts: number[]; sum: number; count: number }> };

/**
 * Metrics is a tiny Prometheus registry (counters, gauges and histograms with labels), rendered in the text
 * exposition format. Enough for the agent's few series; no client library on the node.
 */
export class Metrics {
  private readonly series = new Map<string, Series>();
  private readonly histograms = new Map<string, Histogram>();

  define(name: string, type: 'counter' | 'gauge', help: string): void {
    if (!this.series.has(name)) this.series.set(name, { help, type, values: new Map() });
  }

  defineHistogram(name: string, help: string, buckets: number[]): void {
    if (!this.histograms.has(name)) this.histograms.set(name, { help, buckets: [...buckets].sort((a, b) => a - b), values: new Map() });
  }

  /** observe adds one sample to a histogram (cumulative buckets, `_sum` and `_count`, as Prometheus expects). */
  observe(name: string, value: number, labels: Record<string, string> = {}): void {
    const h = this.histograms.get(name);
    if (!h) throw new Error(`histogram ${name} is not defined`);
    const key = labelKey(labels);
    let v = h.values.get(key);
    if (!v) h.values.set(key, (v = { labels, counts: h.buckets.map(() => 0), sum: 0, count: 0 }));
    h.buckets.forEach((le, i) => {
      if (value <= le) v.counts[i]!++;
    });
    v.sum += value;
    v.count++;
  }

  /** histogram returns one labelled histogram's count and sum (tests). */
  histogram(name: string, labels: Record<string, string> = {}): { count: number; sum: number } {
    const v = this.histograms.get(name)?.values.get(labelKey(labels));
    return { count: v?.count ?? 0, sum: v?.sum ?? 0 };
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
    for (const [name, h] of this.histograms) {
      lines.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
      for (const [key, v] of h.values) {
        h.buckets.forEach((le, i) => lines.push(`${name}_bucket${labelKey({ ...v.labels, le: String(le) })} ${v.counts[i]}`));
        lines.push(`${name}_bucket${labelKey({ ...v.labels, le: '+Inf' })} ${v.count}`, `${name}_sum${key} ${v.sum}`, `${name}_count${key} ${v.count}`);
      }
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
  m.defineHistogram('plexus_node_cni_op_seconds', 'Latency of the reported ADD/DEL, by command.', LATENCY_BUCKETS_S);
  m.define('plexus_node_cache_lookups_total', 'counter', 'Single-object reads of the reported ADD/DEL served by the node cache (hit) or passed to the API (miss).');
  m.define('plexus_node_gc_sandboxes_total', 'counter', 'Sandboxes torn down because their pod is gone.');
  m.define('plexus_node_multi_nic_syncs_total', 'counter', 'multi-nic-ipam network syncs (claims, and routes in L3 modes), by result (ok, error-<CNI code>).');
  m.define('plexus_node_multi_nic_released_claims_total', 'counter', 'Host-index claims released because their Node no longer exists.');
  m.define('plexus_node_multi_nic_route_changes_total', 'counter', 'L3 routes added or removed by the multi-nic sync, by change.');
  m.define('plexus_node_writebehind_total', 'counter', 'Network-status and event writes handed to the agent, by result.');
  return m;
}
