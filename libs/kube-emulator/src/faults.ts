/** Which requests a fault applies to; omitted fields match everything. */
export interface FaultMatch {
  /** HTTP method, e.g. `GET`. */
  method?: string;
  /** Regular expression (source) tested against the request path, e.g. `/pods/`. */
  path?: string;
}

/** A fault rule as configured in-process or via `POST /_emulator/faults`. */
export interface FaultRule extends FaultMatch {
  /** `error` answers with a Status of `status`; `drop` destroys the connection without an answer. */
  action: 'error' | 'drop';
  /** HTTP status for `error` (default 500; 429/503 also common). */
  status?: number;
  /** How many matching requests it affects; omitted = every one until reset. */
  count?: number;
}

/** What to do with one request. */
export interface FaultDecision {
  latencyMs: number;
  action?: { kind: 'error'; status: number } | { kind: 'drop' };
}

/** FaultInjector decides per request: a fixed latency first, then the first matching error/drop rule. */
export class FaultInjector {
  private latency: { ms: number; match: FaultMatch } = { ms: 0, match: {} };
  private rules: FaultRule[] = [];

  /** setLatency delays every matching request by `ms` (0 turns it off). */
  setLatency(ms: number, match: FaultMatch = {}): this {
    this.latency = { ms, match };
    return this;
  }

  /** failNext answers the next `count` matching requests with `status` (a Status object, reason per code). */
  failNext(count: number, status = 500, match: FaultMatch = {}): this {
    return this.add({ action: 'error', status, count, ...match });
  }

  /** dropNext destroys the connection of the next `count` matching requests. */
  dropNext(count: number, match: FaultMatch = {}): this {
    return this.add({ action: 'drop', count, ...match });
  }

  /** add appends a rule (rules are tried in order). */
  add(rule: FaultRule): this {
    this.rules.push({ ...rule });
    return this;
  }

  /** reset removes every rule and the latency. */
  reset(): this {
    this.latency = { ms: 0, match: {} };
    this.rules = [];
    return this;
  }

  /** snapshot shows the configured faults (for `GET /_emulator/faults`). */
  snapshot(): { latencyMs: number; latencyMatch: FaultMatch; rules: FaultRule[] } {
    return { latencyMs: this.latency.ms, latencyMatch: { ...this.latency.match }, rules: this.rules.map((r) => ({ ...r })) };
  }

  /** decide consumes one use of the first matching rule. */
  decide(method: string, path: string): FaultDecision {
    const latencyMs = matches(this.latency.match, method, path) ? this.latency.ms : 0;
    const rule = this.rules.find((r) => (r.count === undefined || r.count > 0) && matches(r, method, path));
    if (!rule) return { latencyMs };
    if (rule.count !== undefined) rule.count--;
    this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0);
    return { latencyMs, action: rule.action === 'drop' ? { kind: 'drop' } : { kind: 'error', status: rule.status ?? 500 } };
  }
}

function matches(m: FaultMatch, method: string, path: string): boolean {
  return (!m.method || m.method.toUpperCase() === method) && (!m.path || new RegExp(m.path).test(path));
}
