import type { KubeObject, KubeWatcher, ListResult, WatchEvent } from '@plexus/k8s';
import { Informer, type InformerSink } from './informer';

const TYPE = { group: 'k8s.cni.cncf.io', version: 'v1', plural: 'network-attachment-definitions', kind: 'NetworkAttachmentDefinition' };
const obj = (name: string, rv: string): KubeObject => ({ metadata: { namespace: 'd', name, resourceVersion: rv } });

/** A scripted watcher: each list/watch call takes the next scripted answer. */
function scripted(lists: Array<ListResult<KubeObject> | Error>, watches: Array<Array<WatchEvent<KubeObject>> | Error>) {
  const calls: string[] = [];
  const watcher: KubeWatcher = {
    list: async () => {
      calls.push('list');
      const next = lists.shift();
      if (!next || next instanceof Error) throw next ?? new Error('no more lists');
      return next as never;
    },
    watch: async (_t, _s, rv, onEvent, o) => {
      calls.push(`watch@${rv}`);
      const next = watches.shift();
      if (!next) return new Promise<void>((r) => o?.signal?.addEventListener('abort', () => r()));
      if (next instanceof Error) throw next;
      for (const e of next) onEvent(e as never);
    },
  };
  return { watcher, calls };
}

function memorySink() {
  const state = new Map<string, string>();
  const sink: InformerSink = {
    replaceAll: async (_t, items) => {
      state.clear();
      for (const i of items) state.set(i.metadata.name!, i.metadata.resourceVersion!);
    },
    upsert: async (_t, o) => void state.set(o.metadata.name!, o.metadata.resourceVersion!),
    remove: async (_t, o) => void state.delete(o.metadata.name!),
  };
  return { sink, state };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('Informer', () => {
  it('lists, then applies watch events in order from the list resourceVersion, resuming from the last one seen', async () => {
    const { watcher, calls } = scripted([{ items: [obj('a', '3')], resourceVersion: '5' }], [
      [{ type: 'ADDED', object: obj('b', '6') }, { type: 'MODIFIED', object: obj('a', '7') }, { type: 'DELETED', object: obj('b', '8') }],
    ]);
    const { sink, state } = memorySink();
    const inf = new Informer(watcher, { type: TYPE, scope: {}, sink, log: () => undefined, sleep: async () => undefined });
    inf.start();
    await settle();
    expect([...state]).toEqual([['a', '7']]);
    expect(inf.resourceVersion).toBe('8');
    expect(calls).toEqual(['list', 'watch@5', 'watch@8']);
    await inf.stop();
  });

  it('re-lists after 410 Gone and replaces the cache (objects deleted meanwhile disappear)', async () => {
    const { watcher, calls } = scripted(
      [{ items: [obj('a', '3'), obj('gone', '4')], resourceVersion: '5' }, { items: [obj('a', '9')], resourceVersion: '10' }],
      [[{ type: 'ERROR', object: { code: 410 } as never }]],
    );
    const { sink, state } = memorySink();
    const inf = new Informer(watcher, { type: TYPE, scope: {}, sink, log: () => undefined, sleep: async () => undefined });
    inf.start();
    await settle();
    expect([...state]).toEqual([['a', '9']]);
    expect(calls).toEqual(['list', 'watch@5', 'list', 'watch@10']);
    await inf.stop();
  });

  it('backs off on errors and is not synced until a list succeeded', async () => {
    const waits: number[] = [];
    const { watcher } = scripted([new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), { items: [], resourceVersion: '1' }], []);
    const { sink } = memorySink();
    const errors: string[] = [];
    const inf = new Informer(watcher, { type: TYPE, scope: {}, sink, log: () => undefined, sleep: async (ms) => void waits.push(ms), onApiError: (op) => errors.push(op) });
    expect(inf.resourceVersion).toBeUndefined();
    inf.start();
    await settle();
    expect(waits).toEqual([500, 1000]);
    expect(errors).toEqual(['list', 'list']);
    expect(inf.resourceVersion).toBe('1');
    await inf.stop();
  });
});
