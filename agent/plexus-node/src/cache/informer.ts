import type { KubeObject, KubeWatcher, ResourceType, WatchScope } from '@plexus/k8s';

/** Where an informer's state goes (the node cache writer, or a fake). */
export interface InformerSink {
  replaceAll(type: ResourceType, items: KubeObject[]): Promise<void>;
  upsert(type: ResourceType, obj: KubeObject): Promise<void>;
  remove(type: ResourceType, obj: KubeObject): Promise<void>;
}

/** Informer options; the waits are injectable so tests run without real time. */
export interface InformerOptions {
  type: ResourceType;
  scope: WatchScope;
  sink: InformerSink;
  log: (line: string) => void;
  onApiError?: (operation: string) => void;
  sleep: (ms: number) => Promise<void>;
  /** Server-side watch timeout: the watch is re-opened from the last resourceVersion after it. */
  watchTimeoutSeconds?: number;
}

/**
 * Informer is list + watch for one resource (client-go's reflector): list, publish everything, then watch from the
 * list's resourceVersion and apply each event in order — ADDED/MODIFIED upsert, DELETED removes — keeping the last
 * resourceVersion so a dropped watch resumes where it stopped; a 410 Gone (history compacted) re-lists. Errors back
 * off 0.5 s … 30 s. `resourceVersion` is undefined until the first list is published (the cache is then "synced").
 */
export class Informer {
  resourceVersion?: string;
  private readonly ctrl = new AbortController();
  private loop?: Promise<void>;
  private failures = 0;

  constructor(
    private readonly watcher: KubeWatcher,
    private readonly o: InformerOptions,
  ) {}

  get type(): ResourceType {
    return this.o.type;
  }

  get name(): string {
    return `${this.o.type.group || 'core'}/${this.o.type.plural}`;
  }

  /** failing tells whether the last attempts failed (for /healthz). */
  get failing(): boolean {
    return this.failures > 2;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.ctrl.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.ctrl.signal.aborted) {
      try {
        if (needList) {
          const list = await this.watcher.list(this.o.type, this.o.scope);
          await this.o.sink.replaceAll(this.o.type, list.items);
          this.resourceVersion = list.resourceVersion;
          needList = false;
        }
        let gone = false;
        let queue = Promise.resolve();
        await this.watcher.watch(
          this.o.type,
          this.o.scope,
          this.resourceVersion!,
          (e) => {
            // Events are applied strictly in order; the watch callback does not wait, so chain them.
            queue = queue.then(async () => {
              if (e.type === 'ERROR') {
                const code = (e.object as unknown as { code?: number }).code;
                if (code === 410) gone = true;
                else this.o.log(`${this.name}: watch error ${JSON.stringify(e.object).slice(0, 200)}`);
                return;
              }
              if (e.type === 'ADDED' || e.type === 'MODIFIED') await this.o.sink.upsert(this.o.type, e.object);
              else if (e.type === 'DELETED') await this.o.sink.remove(this.o.type, e.object);
              if (e.object?.metadata?.resourceVersion) this.resourceVersion = e.object.metadata.resourceVersion;
            });
          },
          { timeoutSeconds: this.o.watchTimeoutSeconds ?? 300, signal: this.ctrl.signal },
        );
        await queue;
        this.failures = 0;
        if (gone) {
          this.o.log(`${this.name}: resourceVersion ${this.resourceVersion} expired (410); re-listing`);
          needList = true;
        }
      } catch (e) {
        if (this.ctrl.signal.aborted) break;
        this.failures++;
        this.o.onApiError?.(needList ? 'list' : 'watch');
        const wait = Math.min(500 * 2 ** (this.failures - 1), 30_000);
        if (this.failures <= 3 || this.failures % 10 === 0) this.o.log(`${this.name}: ${needList ? 'list' : 'watch'} failed (retry in ${wait} ms): ${(e as Error).message}`);
        await Promise.race([this.o.sleep(wait), new Promise((r) => this.ctrl.signal.addEventListener('abort', r))]);
      }
    }
  }
}
