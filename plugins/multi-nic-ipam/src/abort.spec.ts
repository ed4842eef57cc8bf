import { toInProcessPlugin } from '@plexus/skel';
import { createTestWorld, exampleConf } from './testing/test-deps';

// Issue 11: run in-process by the meta-dispatcher, an ADD waiting for the network lock went on after its caller
// timed out and rolled back, and allocated for good. The caller's abort now ends the wait before anything changes.
describe('ADD whose caller gives up while it waits for the network lock', () => {
  it('answers code 11 and allocates nothing, even once the lock is free', async () => {
    const w = await createTestWorld();
    const conf = exampleConf({ hostIndex: 1 });
    const dir = `${(conf.ipam as { dataDir?: string }).dataDir ?? '/var/lib/cni/multi-nic-ipam'}/storage-net`;
    let open!: () => void;
    const held = w.files.withLock(`${dir}/lock`, () => new Promise<void>((r) => (open = r)));
    const abort = new AbortController();
    const env = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'c1', CNI_NETNS: '/var/run/netns/p', CNI_IFNAME: 'net1', CNI_PATH: '/opt/cni/bin' };
    const reply = toInProcessPlugin(w.plugin).invoke(env, JSON.stringify(conf), { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    const out = await reply;
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 11, msg: 'lock wait aborted' });
    open();
    await held;
    const blocks = [...w.files.files.entries()].filter(([p]) => p.includes('/block-'));
    expect(blocks.every(([, f]) => !f.data.includes('c1'))).toBe(true);
  });
});
