import { startEmulator, type Emulator } from './start-emulator';

// Watch over raw HTTP: one JSON event per line, replay from a resourceVersion, selectors, DELETED, 410 Gone.
describe('API emulator watch', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ tokens: ['t1'] });
  });
  afterEach(() => emu.stop());

  /** watch collects `count` events (or until the server ends the stream). */
  async function watch(path: string, count: number, during?: () => Promise<void>): Promise<Array<{ type: string; object: { metadata: { name: string; resourceVersion: string } } }>> {
    const ctrl = new AbortController();
    const res = await fetch(`${emu.url}${path}`, { headers: { authorization: 'Bearer t1' }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const events: Array<{ type: string; object: { metadata: { name: string; resourceVersion: string } } }> = [];
    let buf = '';
    const pump = (async () => {
      while (events.length < count) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += Buffer.from(value).toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
      }
    })();
    await during?.();
    await pump;
    ctrl.abort();
    return events;
  }
  const pod = (name: string, node: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'd' }, spec: { nodeName: node } });
  const post = (body: unknown) => fetch(`${emu.url}/api/v1/namespaces/d/pods`, { method: 'POST', headers: { authorization: 'Bearer t1', 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('starts with ADDED for current objects, then streams changes matching the field selector, including DELETED', async () => {
    emu.seed(pod('a', 'n1'));
    emu.seed(pod('other', 'n2'));
    const events = await watch(`/api/v1/pods?watch=true&fieldSelector=${encodeURIComponent('spec.nodeName=n1')}`, 3, async () => {
      await post(pod('b', 'n1'));
      await post(pod('c', 'n2'));
      await fetch(`${emu.url}/api/v1/namespaces/d/pods/a`, { method: 'DELETE', headers: { authorization: 'Bearer t1' } });
    });
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
      ['DELETED', 'a'],
    ]);
  });

  it('replays what happened after a resourceVersion', async () => {
    const first = emu.seed(pod('a', 'n1'));
    emu.seed(pod('b', 'n1'));
    const events = await watch(`/api/v1/namespaces/d/pods?watch=1&resourceVersion=${first.metadata.resourceVersion}`, 1);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'b']]);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const events = await watch('/api/v1/pods?watch=true&timeoutSeconds=1', 5);
    expect(events).toEqual([]);
  });

  it('answers a resourceVersion that is not a number with ERROR 410', async () => {
    const events = await watch('/api/v1/pods?watch=true&resourceVersion=abc', 1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });
});
