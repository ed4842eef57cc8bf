import { CACHE_DIR, CONTAINER, DispatcherHarness, dispatcherConf, ifaceResult, request } from './testing/dispatcher-harness';

const READY = '/run/flannel/subnet.env';

function harness(): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [request('cbr0', 'bridge', { source: 'cluster-network', isPrimary: true })];
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
  return h;
}

describe('readinessindicatorfile', () => {
  it('polls about once a second until the file appears, then adds', async () => {
    const h = harness();
    h.clock.onSleep = (t) => {
      if (t >= 3000) void h.files.writeAtomic(READY, 'FLANNEL_NETWORK=10.244.0.0/16\n');
    };
    await h.ok('ADD', dispatcherConf({ readinessindicatorfile: READY }));
    expect(h.clock.sleeps).toEqual([1000, 1000, 1000]);
    expect(h.delegator.commands()).toEqual(['bridge ADD']);
  });

  it('gives up after the bounded timeout with 11 naming the file; nothing attached, nothing checkpointed', async () => {
    const h = harness();
    const err = await h.fail('ADD', dispatcherConf({ readinessindicatorfile: READY, readinessTimeoutMs: 2500 }));
    expect(err.code).toBe(11);
    expect(err.msg).toContain(READY);
    expect(h.clock.sleeps).toEqual([1000, 1000, 500]);
    expect(h.delegator.commands()).toEqual([]);
    expect(h.resolveCalls).toHaveLength(0);
    expect([...h.files.files.keys()].filter((k) => k.startsWith(CACHE_DIR))).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('waits the Multus 45 s by default, and DEL does not wait at all', async () => {
    const h = harness();
    const err = await h.fail('ADD', dispatcherConf({ readinessindicatorfile: READY }));
    expect(err.code).toBe(11);
    expect(h.clock.sleeps.reduce((a, b) => a + b, 0)).toBe(45_000);
    h.clock.sleeps = [];
    await h.ok('DEL', dispatcherConf({ readinessindicatorfile: READY }), { containerId: CONTAINER });
    expect(h.clock.sleeps).toEqual([]);
  });
});

describe('config warnings', () => {
  it('logs every key it does not read, on each invocation, and still adds', async () => {
    const h = harness();
    const out = await h.run('ADD', dispatcherConf({ colour: 'blue', retryDeleteOnError: true }));
    expect(out.exitCode).toBe(0);
    const warnings = out.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings).toEqual(['unknown key "colour" is ignored', expect.stringContaining('"retryDeleteOnError" has no effect')]);
  });
});
