import type { Metrics } from '../metrics/metrics';

/** A long-running part of the daemon started after set-up (the cache informers, GC, the write-behind socket). */
export interface DaemonComponent {
  name: string;
  start(ctx: { metrics: Metrics; kubeconfigPath: string }): Promise<void>;
  /** healthy is false when the component cannot do its job (e.g. the watch has been failing for a while). */
  healthy?(): boolean;
  stop(): Promise<void>;
}
