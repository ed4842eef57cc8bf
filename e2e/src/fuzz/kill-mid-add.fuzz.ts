import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { builtPluginPath, createNetns, deleteNetns, ipOk, isRoot, type TestNetns } from '../support';
import { assertNoFailure, fuzzParameters, fuzzSeed } from './fuzz-settings';
import { binDirWith, filesUnder, makeSandbox, netnsState, runAndKill, runPlugin, type NetnsState, type Sandbox } from './fuzz-world';
import { hostWithBridges, writeConfs } from './dispatcher-world';

// kill -9 at a random moment of an ADD, for each stateful plugin: the whole process group (delegates included) dies,
// as on a node crash. Then the runtime's DEL (same env and config, no cached result) must succeed and leave nothing:
// no address allocated, no checkpoint, no link, no temp or lock file. Delays are drawn by fast-check from the
// printed seed, so PLEXUS_FUZZ_SEED replays the same kills (timing-dependent outcomes may still vary).

const describeRoot = isRoot() ? describe : describe.skip;
const CID = 'killfuzz0123456789';

interface KillCase {
  delayMs: number;
  /** For a chain: which plugin's ADD is killed (the ones before it complete). */
  step: number;
}

/** runKills checks `once` for generated kill cases; `once` returns violations. */
async function runKills(label: string, runs: number, maxDelayMs: number, steps: number, once: (k: KillCase) => Promise<{ violations: string[]; killed: boolean }>): Promise<void> {
  const seed = fuzzSeed(`kill -9 ${label}`);
  const arb = fc.record({ delayMs: fc.integer({ min: 0, max: maxDelayMs }), step: fc.integer({ min: 0, max: steps - 1 }) });
  let total = 0;
  let midAdd = 0;
  const details = await fc.check(
    fc.asyncProperty(arb, async (k) => {
      const { violations, killed } = await once(k);
      total++;
      if (killed) midAdd++;
      if (violations.length) throw new Error(violations.join('\n'));
    }),
    { ...fuzzParameters(seed, runs), endOnFailure: true },
  );
  process.stderr.write(`[fuzz] kill -9 ${label}: ${total} run(s), ${midAdd} killed before the ADD finished\n`);
  assertNoFailure(`kill -9 ${label}`, details);
  // A harness whose kills all land after the ADD proves nothing about recovery.
  if (total >= 4 && midAdd === 0) throw new Error(`kill -9 ${label}: no kill landed during an ADD (raise the delay bound?)`);
}

function diff(where: string, before: NetnsState, after: NetnsState): string[] {
  return (['links', 'addrs', 'routes', 'rules'] as const).flatMap((k) => {
    const left = after[k].filter((x) => !before[k].includes(x));
    const gone = before[k].filter((x) => !after[k].includes(x));
    return [...(left.length ? [`${where}: ${k} left: ${left.join(', ')}`] : []), ...(gone.length ? [`${where}: ${k} removed: ${gone.join(', ')}`] : [])];
  });
}

function env(command: string, pod: TestNetns, ifName: string, path: string): Record<string, string> {
  return { CNI_COMMAND: command, CNI_CONTAINERID: CID, CNI_NETNS: pod.path, CNI_IFNAME: ifName, CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=victim', CNI_PATH: path };
}

describeRoot('fuzz: kill -9 at a random moment of ADD, then DEL leaves nothing', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox('plxfzk')));
  afterEach(() => sandbox.remove());

  it('multi-nic-ipam: no allocation, no temp or lock file in the store', async () => {
    const bin = binDirWith(['multi-nic-ipam']);
    const store = join(sandbox.root, 'store');
    const conf = JSON.stringify({
      cniVersion: '1.1.0',
      name: 'kill',
      type: 'ipvlan',
      ipam: { type: 'multi-nic-ipam', subnet: '192.168.0.0/16', interfaceBlock: 2, hostBlock: 6, masters: ['eth1'], hostIndex: 3, dataDir: store },
    });
    try {
      await runKills('multi-nic-ipam', 12, 450, 1, async ({ delayMs }) => {
        const host = createNetns('plxfzkh');
        const pod = createNetns('plxfzk');
        try {
          ipOk(host, ['link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1p']);
          ipOk(host, ['addr', 'add', '10.0.1.5/24', 'dev', 'eth1']);
          ipOk(host, ['link', 'set', 'eth1', 'up']);
          const binary = builtPluginPath('multi-nic-ipam');
          const add = await runAndKill({ binary, env: env('ADD', pod, 'net1', bin.dir), stdin: conf, cwd: sandbox.cwd, hostNetns: host }, delayMs);
          const del = runPlugin({ binary, env: env('DEL', pod, 'net1', bin.dir), stdin: conf, cwd: sandbox.cwd, hostNetns: host, timeoutMs: 20_000 });
          const v: string[] = [];
          if (del.status !== 0) v.push(`DEL after kill at ${delayMs} ms (ADD ${add.killed ? 'killed' : `exited ${add.status}`}) failed: exit ${del.status} ${del.stdout.slice(0, 300)}`);
          for (const f of filesUnder(store)) {
            if (!/(^|\/)(block-[^/]+|host-index|l3)\.json$/.test(f)) v.push(`store: ${f} left`);
            else if (f.includes('block-')) {
              const held = Object.keys((JSON.parse(readFileSync(join(store, f), 'utf8')) as { allocations?: object }).allocations ?? {});
              if (held.length) v.push(`store: ${f} still allocates ${held.join(', ')}`);
            }
          }
          return { violations: v, killed: add.killed };
        } finally {
          deleteNetns(pod);
          deleteNetns(host);
          rmSync(store, { recursive: true, force: true });
        }
      });
    } finally {
      bin.remove();
    }
  });

  it('meta-dispatcher (static-ipam and fakeipam delegates behind bridge): no checkpoint, no link', async () => {
    const bin = binDirWith(['meta-dispatcher', 'static-ipam', 'fakeipam'], ['bridge']);
    const cache = join(sandbox.root, 'cache');
    const conf = JSON.stringify({ cniVersion: '1.1.0', name: 'kill', type: 'meta-dispatcher', confDir: writeConfs(sandbox), cacheDir: cache, networks: ['primary', { conf: 'data', interface: 'data0' }] });
    try {
      await runKills('meta-dispatcher', 10, 2200, 1, async ({ delayMs }) => {
        const host = createNetns('plxfzkh');
        const pod = createNetns('plxfzk');
        try {
          hostWithBridges(host);
          const before = { host: netnsState(host), pod: netnsState(pod) };
          const binary = builtPluginPath('meta-dispatcher');
          const add = await runAndKill({ binary, env: env('ADD', pod, 'eth0', bin.dir), stdin: conf, cwd: sandbox.cwd, hostNetns: host }, delayMs);
          const del = runPlugin({ binary, env: env('DEL', pod, 'eth0', bin.dir), stdin: conf, cwd: sandbox.cwd, hostNetns: host });
          const v: string[] = [];
          if (del.status !== 0) v.push(`DEL after kill at ${delayMs} ms (ADD ${add.killed ? 'killed' : `exited ${add.status}`}) failed: exit ${del.status} ${del.stdout.slice(0, 300)}`);
          v.push(...filesUnder(cache).map((f) => `checkpoint dir: ${f} left`));
          v.push(...diff('host netns', before.host, netnsState(host)), ...diff('pod netns', before.pod, netnsState(pod)));
          return { violations: v, killed: add.killed };
        } finally {
          deleteNetns(pod);
          deleteNetns(host);
          rmSync(cache, { recursive: true, force: true });
        }
      });
    } finally {
      bin.remove();
    }
  });

  it('bridge + static-ipam, then route-injector: no link, address, route or rule', async () => {
    const bin = binDirWith(['static-ipam', 'route-injector'], ['bridge']);
    const chain = [
      { type: 'bridge', bridge: 'fzbr0', isGateway: false, ipMasq: false, ipam: { type: 'static-ipam', addresses: [{ address: '10.77.0.10/24', gateway: '10.77.0.1' }, { address: 'fd00:77::10/64', gateway: 'fd00:77::1' }] } },
      { type: 'route-injector', routes: [{ dst: '10.10.0.0/16', gw: '10.77.0.1' }, { dst: 'fd00:10::/48', gw: 'fd00:77::1' }], policyRoutes: [{ table: 10, routes: [{ dst: '10.2.0.0/16', gw: '10.77.0.1' }] }] },
    ];
    const stdinOf = (i: number, prevResult?: unknown): string => JSON.stringify({ cniVersion: '1.0.0', name: 'kill', ...chain[i], ...(prevResult ? { prevResult } : {}) });
    try {
      await runKills('bridge+static-ipam+route-injector', 10, 700, 2, async ({ delayMs, step }) => {
        const host = createNetns('plxfzkh');
        const pod = createNetns('plxfzk');
        try {
          hostWithBridges(host);
          const before = { host: netnsState(host), pod: netnsState(pod) };
          let prev: unknown;
          const v: string[] = [];
          for (let i = 0; i < step; i++) {
            const out = runPlugin({ binary: join(bin.dir, chain[i]!.type), env: env('ADD', pod, 'eth0', bin.dir), stdin: stdinOf(i, prev), cwd: sandbox.cwd, hostNetns: host });
            if (out.status !== 0) return { violations: [`ADD of ${chain[i]!.type} failed before the kill: ${out.stdout.slice(0, 300)}`], killed: false };
            prev = out.json;
          }
          const killed = await runAndKill({ binary: join(bin.dir, chain[step]!.type), env: env('ADD', pod, 'eth0', bin.dir), stdin: stdinOf(step, prev), cwd: sandbox.cwd, hostNetns: host }, delayMs);
          // The runtime caches no result for an ADD that never finished: DEL runs in reverse without prevResult.
          for (let i = chain.length - 1; i >= 0; i--) {
            const del = runPlugin({ binary: join(bin.dir, chain[i]!.type), env: env('DEL', pod, 'eth0', bin.dir), stdin: stdinOf(i), cwd: sandbox.cwd, hostNetns: host });
            if (del.status !== 0) v.push(`DEL of ${chain[i]!.type} after killing ${chain[step]!.type} at ${delayMs} ms (${killed.killed ? 'killed' : `exited ${killed.status}`}) failed: ${del.stdout.slice(0, 300)}`);
          }
          v.push(...diff('host netns', before.host, netnsState(host)), ...diff('pod netns', before.pod, netnsState(pod)));
          return { violations: v, killed: killed.killed };
        } finally {
          deleteNetns(pod);
          deleteNetns(host);
        }
      });
    } finally {
      bin.remove();
    }
  });
});

