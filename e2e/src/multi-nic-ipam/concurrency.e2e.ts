/**
 * multi-nic-ipam under load and faults, running the BUILT binary as real processes against the API emulator (real
 * @kubernetes/client-node over HTTP). No kernel state is touched: the pool is given by NIC names in L2 mode, so the
 * plugin never runs `ip`. Wall time on the 2-core machine: 40–70 s (mostly the 256 ADDs, 48 processes in flight).
 */
import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocationsOf, buildMultiNicIpam, mapLimit, readBlockFiles, runMultiNic, startMultiNic } from './run-multi-nic';

const NETWORK = 'plxmn-load';
/** 10.0.0.0/8 with m=2, n=6: /16 host blocks, so 256 containers fit in one host block per master. */
const conf = (dataDir: string, kubeconfig: string, ipam: Record<string, unknown> = {}) => ({
  cniVersion: '1.1.0',
  name: NETWORK,
  type: 'ipvlan',
  ipam: { type: 'multi-nic-ipam', subnet: '10.0.0.0/8', interfaceBlock: 2, hostBlock: 6, masters: ['eth1', 'eth2'], dataDir, kubeconfig, ...ipam },
});
const node = (name: string) => ({ NODE_NAME: name });

let tmp: string;
let api: Emulator;
beforeAll(async () => {
  buildMultiNicIpam();
  api = await startEmulator();
  for (const n of ['host-a', 'host-b', 'host-c', 'host-d', 'host-e', 'host-f']) api.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: n } });
}, 120_000);
afterAll(async () => {
  await api?.stop();
});
beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'plxmn-'))));
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** expectConsistent checks the invariants of a network's store: parsable files, no address or attachment twice per block. */
function expectConsistent(dir: string): void {
  for (const f of readBlockFiles(dir)) {
    const holders = Object.values(f.allocations).map((a) => `${a.containerId}/${a.ifName}`);
    expect(new Set(holders).size).toBe(holders.length);
  }
  const ips = allocationsOf(dir).map((a) => a.ip);
  expect(new Set(ips).size).toBe(ips.length);
}

describe('multi-nic-ipam, built binary, many processes', () => {
  it('gives 256 parallel ADDs on a fresh host distinct addresses from one claimed host index', async () => {
    const dataDir = join(tmp, 'data');
    const c = conf(dataDir, api.kubeconfigPath);
    const started = Date.now();
    const ids = Array.from({ length: 256 }, (_, i) => `ctr-${i.toString().padStart(3, '0')}`);
    const outs = await mapLimit(ids, 48, (id) => runMultiNic({ command: 'ADD', conf: c, containerId: id, env: node('host-a') }));
    const failed = outs.filter((o) => o.status !== 0);
    expect(failed.map((o) => o.stdout + o.stderr)).toEqual([]);
    const addresses = outs.flatMap((o) => (o.json as { ips: Array<{ address: string; interface: number }> }).ips);
    expect(addresses).toHaveLength(512);
    expect(new Set(addresses.map((a) => a.address)).size).toBe(512);
    // One host index for all of them: every address of master k lies in host 0's block of interface k.
    expect(addresses.every((a) => (a.interface === 0 ? /^10\.0\./ : /^10\.64\./).test(a.address) && a.address.endsWith('/10'))).toBe(true);
    const claims = api.store.list('multinic.plexus.io', 'hostindexclaims');
    expect(claims.map((o) => (o as unknown as { spec: { nodeName: string; hostIndex: number } }).spec)).toEqual([expect.objectContaining({ nodeName: 'host-a', hostIndex: 0 })]);
    expectConsistent(join(dataDir, NETWORK));
    expect(allocationsOf(join(dataDir, NETWORK))).toHaveLength(512);

    // DELs of old attachments racing with ADDs of new ones: still no duplicate, and no immediate reuse.
    const freed = new Set(outs.slice(0, 32).flatMap((o) => (o.json as { ips: Array<{ address: string }> }).ips.map((a) => a.address)));
    const mixed = await mapLimit(Array.from({ length: 64 }, (_, i) => i), 48, (i) =>
      i % 2 === 0
        ? runMultiNic({ command: 'DEL', conf: c, containerId: ids[i / 2]!, env: node('host-a') })
        : runMultiNic({ command: 'ADD', conf: c, containerId: `new-${i}`, env: node('host-a') }),
    );
    expect(mixed.filter((o) => o.status !== 0).map((o) => o.stdout)).toEqual([]);
    const fresh = mixed.filter((_, i) => i % 2 === 1).flatMap((o) => (o.json as { ips: Array<{ address: string }> }).ips.map((a) => a.address));
    expect(fresh.filter((a) => freed.has(a))).toEqual([]);
    expectConsistent(join(dataDir, NETWORK));
    expect(allocationsOf(join(dataDir, NETWORK))).toHaveLength(512);
    console.log(`256 ADDs + 64 mixed ADD/DEL, 48 in flight: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 240_000);

  it('gives hosts racing for an index distinct indexes (create-if-absent over HTTP)', async () => {
    const hosts = ['host-b', 'host-c', 'host-d', 'host-e', 'host-f'];
    const outs = await Promise.all(hosts.map((h) => runMultiNic({ command: 'ADD', conf: conf(join(tmp, h), api.kubeconfigPath, { masters: ['eth1'] }), containerId: 'c1', env: node(h) })));
    expect(outs.map((o) => o.status)).toEqual(hosts.map(() => 0));
    const blocks = outs.map((o) => (o.json as { ips: Array<{ address: string }> }).ips[0]!.address.split('.')[1]);
    expect(new Set(blocks).size).toBe(hosts.length);
    const indexes = hosts.map((h) => JSON.parse(readFileSync(join(tmp, h, NETWORK, 'host-index.json'), 'utf8')).hostIndex);
    expect(new Set(indexes).size).toBe(hosts.length);
  }, 120_000);

  it('survives kill -9 in the middle of ADD and DEL: the same ADD or a DEL afterwards leaves a consistent store', async () => {
    const dataDir = join(tmp, 'data');
    const dir = join(dataDir, NETWORK);
    const c = conf(dataDir, '/nonexistent', { hostIndex: 3 });
    for (let i = 0; i < 6; i++) expect((await runMultiNic({ command: 'ADD', conf: c, containerId: `base-${i}` })).status).toBe(0);
    let killedHoldingLock = 0;
    for (let round = 0; round < 12; round++) {
      const id = `victim-${round}`;
      const command = round % 4 === 3 ? 'DEL' : 'ADD';
      if (command === 'DEL') expect((await runMultiNic({ command: 'ADD', conf: c, containerId: id })).status).toBe(0);
      const { child, done } = startMultiNic({ command, conf: c, containerId: id });
      // Even rounds: kill -9 the moment the process holds the network lock (inside the critical section).
      // Odd rounds: kill at a random moment of its life.
      if (round % 2 === 0) {
        const deadline = Date.now() + 10_000;
        while (!existsSync(join(dir, 'lock')) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setImmediate(r));
        if (existsSync(join(dir, 'lock')) && child.exitCode === null) killedHoldingLock++;
      } else {
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 500));
      }
      child.kill('SIGKILL');
      await done;
      expectConsistent(dir);
      // Then the runtime's retry: the same ADD, or a DEL (what it sends after a failed ADD).
      const retry = round % 3 === 0 ? 'DEL' : 'ADD';
      const out = await runMultiNic({ command: retry, conf: c, containerId: id });
      expect({ round, status: out.status, stdout: out.stdout }).toEqual({ round, status: 0, stdout: expect.any(String) });
      expectConsistent(dir);
      const held = allocationsOf(dir).filter((a) => a.containerId === id);
      expect(held.map((a) => a.master).sort()).toEqual(retry === 'ADD' ? ['eth1', 'eth2'] : []);
      if (retry === 'ADD') {
        const ips = (out.json as { ips: Array<{ address: string }> }).ips.map((a) => a.address.split('/')[0]);
        expect(ips.sort()).toEqual(held.map((a) => a.ip).sort());
      }
    }
    expect(killedHoldingLock).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) expect(allocationsOf(dir).filter((a) => a.containerId === `base-${i}`)).toHaveLength(2);
  }, 180_000);

  it('keeps ADD working from the cached or fixed index while the API is down, and answers code 11 without either', async () => {
    const cached = join(tmp, 'cached');
    expect((await runMultiNic({ command: 'ADD', conf: conf(cached, api.kubeconfigPath), containerId: 'c1', env: node('host-a') })).status).toBe(0);
    // The common ADD makes no API call at all.
    api.requests.clear();
    expect((await runMultiNic({ command: 'ADD', conf: conf(cached, api.kubeconfigPath), containerId: 'c2', env: node('host-a') })).status).toBe(0);
    expect(api.requests.count()).toBe(0);

    api.faults.add({ action: 'error', status: 503 });
    const down = { ...node('host-a') };
    const fromCache = await runMultiNic({ command: 'ADD', conf: conf(cached, api.kubeconfigPath), containerId: 'c3', env: down });
    expect(fromCache.status).toBe(0);
    const fixed = await runMultiNic({ command: 'ADD', conf: conf(join(tmp, 'fixed'), api.kubeconfigPath, { hostIndex: 7 }), containerId: 'c1', env: down });
    expect((fixed.json as { ips: Array<{ address: string }> }).ips.map((a) => a.address)).toEqual(['10.7.0.1/10', '10.71.0.1/10']);
    const none = await runMultiNic({ command: 'ADD', conf: conf(join(tmp, 'fresh'), api.kubeconfigPath), containerId: 'c1', env: down });
    expect(none.status).toBe(1);
    expect(none.json).toMatchObject({ code: 11, cniVersion: '1.1.0' });
    expect(none.stdout).not.toMatch(/\n\s+at /);
    expect(existsSync(join(tmp, 'fresh', NETWORK, 'host-index.json'))).toBe(false);
    api.faults.reset();

    // With the API back, the same ADD claims and succeeds.
    const back = await runMultiNic({ command: 'ADD', conf: conf(join(tmp, 'fresh'), api.kubeconfigPath), containerId: 'c1', env: node('host-b') });
    expect(back.status).toBe(0);
  }, 120_000);
});
