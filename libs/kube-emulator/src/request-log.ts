/** One API request as the emulator saw it. */
export interface RequestRecord {
  time: string;
  method: string;
  path: string;
  query: string;
  /** Response status; 0 when the connection was dropped. */
  status: number;
  /** Set when a fault decided the outcome. */
  fault?: 'error' | 'drop';
  contentType?: string;
}

/** RequestLog records API requests (admin `/_emulator/*` requests are not API calls and are not logged). */
export class RequestLog {
  private readonly records: RequestRecord[] = [];

  add(r: RequestRecord): void {
    this.records.push(r);
  }

  /** list returns the records, optionally only those matching a method and/or a path regex. */
  list(filter: { method?: string; path?: RegExp } = {}): RequestRecord[] {
    return this.records.filter((r) => (!filter.method || r.method === filter.method.toUpperCase()) && (!filter.path || filter.path.test(r.path)));
  }

  /** count is the number of matching requests ("apiserver calls per ADD" when cleared before the ADD). */
  count(filter: { method?: string; path?: RegExp } = {}): number {
    return this.list(filter).length;
  }

  /** countsByMethod tallies requests per HTTP method. */
  countsByMethod(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) out[r.method] = (out[r.method] ?? 0) + 1;
    return out;
  }

  clear(): void {
    this.records.length = 0;
  }
}
