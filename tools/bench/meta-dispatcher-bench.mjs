#!/usr/bin/env node
// Benchmark: a 3-network pod, ADD then DEL, three ways, interleaved in one run so all see the same machine:
//   in-process  cnictl → meta-dispatcher (API emulator: pod + 2 NADs) → Plexus delegates run in-process
//   exec        the same, with PLEXUS_DELEGATE_MODE=exec (every Plexus delegate is a Node process of its own)
//   reference   cnictl running three reference conflists (one per interface, Go plugins only, no dispatcher)
// Every network is the reference bridge/macvlan with the Go `static` IPAM (exec'd by the Go plugin in all three
// ways), chained with OUR route-injector in the dispatcher runs; the reference conflists put the same routes in
// `static`'s ipam.routes instead, so each pod ends up with the same interfaces, addresses and routes.
// Prints medians, the ratios, and the apiserver calls per ADD/DEL (the emulator's request counter).
//
//   node tools/bench/meta-dispatcher-bench.mjs [--runs N] [--warmup N] [--json]
//
// Needs root (netns, a test bridge `plxmdbench<pid>` in the root netns, where the dispatcher must run to reach the
// emulator on 127.0.0.1). Builds the bundles first. Pod netns are `plxmd-bench-*`, made and removed outside the
// timed region; everything is removed at the end.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../build/build-plugin.mjs';
import { ipOk, median, sh, timeProcess, parseRunArgs } from './bench-kit.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFERENCE_DIR = '/usr/lib/cni';
const PLEXUS = ['meta-dispatcher', 'route-injector'];
const POD = { namespace: 'bench', name: 'pod3', uid: 'uid-pod3' };

function parseArgs(argv) {
  return parseRunArgs(argv, { runs: 11, warmup: 2 });
}

/** The three networks: [name, main plugin object, address, routes]. */
function networks(bridge) {
  return [
    { name: 'bench-cluster', main: { type: 'bridge', bridge }, address: '10.197.10.5/24', routes: [{ dst: '10.196.10.0/24', gw: '10.197.10.1' }] },
    { name: 'bench-a', main: { type: 'bridge', bridge }, address: '10.197.11.5/24', routes: [{ dst: '10.196.11.0/24', gw: '10.197.11.1' }] },
    { name: 'bench-b', main: { type: 'macvlan', master: bridge, mode: 'bridge' }, address: '10.197.12.5/24', routes: [{ dst: '10.196.12.0/24', gw: '10.197.12.1' }] },
  ];
}

/** plexusConf: main plugin with Go static IPAM, then OUR route-injector with the routes. */
function plexusConf(n) {
  return {
    cniVersion: '1.0.0',
    name: n.name,
    plugins: [{ ...n.main, ipam: { type: 'static', addresses: [{ address: n.address }] } }, { type: 'route-injector', routes: n.routes }],
  };
}

/** referenceConf: the same with only reference plugins (the routes in static's ipam.routes). */
function referenceConf(n) {
  return { cniVersion: '1.0.0', name: n.name, plugins: [{ ...n.main, ipam: { type: 'static', addresses: [{ address: n.address }], routes: n.routes } }] };
}

async function startEmulator(dir, seed) {
  const entry = join(root, 'tools', 'src', 'cli', 'api-emulator.ts');
  const outFile = join(dir, 'api-emulator.cjs');
  // Run with `node` below, so the bundle needs no shebang.
  await bundle({ entry, outFile, banner: '' });
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  const child = spawn(process.execPath, [outFile, '--port', '0', '--seed', seedFile, '--kubeconfig-out', join(dir, 'kubeconfig')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolvePromise, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolvePromise(buf.split('\n')[0]);
    });
    child.on('exit', (c) => reject(new Error(`emulator exited ${c}`)));
  });
  const { url, kubeconfig } = JSON.parse(line);
  return { url, kubeconfig, stop: () => child.kill('SIGTERM') };
}

/** apiCalls reads the emulator's request counter (admin calls are not counted), then resets it. */
async function apiCalls(url) {
  const total = (await (await fetch(`${url}/_emulator/requests`)).json()).total;
  await fetch(`${url}/_emulator/requests`, { method: 'DELETE' });
  return total;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) throw new Error('needs root (netns, links)');
  const b = sh(process.execPath, [join(root, 'tools', 'build', 'build-plugin.mjs'), 'tools', ...PLEXUS]);
  if (b.status !== 0) throw new Error(`build: ${b.stderr}`);
  const tmp = mkdtempSync(join(tmpdir(), 'plxmd-bench-'));
  const bin = join(tmp, 'bin');
  const bridge = `plxmdbench${process.pid % 100000}`;
  let emu;
  try {
    mkdirSync(bin);
    for (const p of PLEXUS) copyFileSync(join(root, 'dist', 'bin', p), join(bin, p));
    for (const p of ['bridge', 'macvlan', 'static']) symlinkSync(join(REFERENCE_DIR, p), join(bin, p));
    ipOk(['link', 'add', bridge, 'type', 'bridge']);
    ipOk(['link', 'set', bridge, 'up']);
    emu = await startEmulator(tmp, seedFor(bridge));
    return await measure(o, tmp, bin, bridge, emu);
  } finally {
    emu?.stop();
    sh('ip', ['link', 'del', bridge]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** seedFor is the emulator's content: the pod with its annotation and the two NADs. */
function seedFor(bridge) {
  const nets = networks(bridge);
  const nad = (n) => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { namespace: POD.namespace, name: n.name }, spec: { config: JSON.stringify(plexusConf(n)) } });
  return [{ apiVersion: 'v1', kind: 'Pod', metadata: { ...POD, annotations: { 'k8s.v1.cni.cncf.io/networks': 'bench-a,bench-b' } } }, nad(nets[1]), nad(nets[2])];
}

/** measure runs the interleaved cycles and builds the report. */
async function measure(o, tmp, bin, bridge, emu) {
  const nets = networks(bridge);
  const conf = join(tmp, 'conf.d');
  const plexusNetconf = join(tmp, 'net.d');
  const refNetconf = join(tmp, 'ref.d');
  for (const d of [conf, plexusNetconf, refNetconf]) mkdirSync(d);
  writeFileSync(join(conf, 'cluster.conflist'), JSON.stringify(plexusConf(nets[0])));
  nets.forEach((n, i) => writeFileSync(join(refNetconf, `${i}-${n.name}.conflist`), JSON.stringify(referenceConf(n))));
  writeFileSync(
    join(plexusNetconf, '00-plexus.conflist'),
    JSON.stringify({
      cniVersion: '1.0.0',
      name: 'bench-plexus',
      plugins: [{ type: 'meta-dispatcher', kubeconfig: emu.kubeconfig, cacheDir: join(tmp, 'checkpoints'), confDir: conf, clusterNetwork: join(conf, 'cluster.conflist') }],
    }),
  );
  const cnictl = join(root, 'dist', 'tools', 'cnictl');
  const baseEnv = { PATH: process.env.PATH, CNI_PATH: bin, PLEXUS_CNI_CACHE_DIR: join(tmp, 'cnictl-cache') };
  const podArgs = `IgnoreUnknown=1;K8S_POD_NAMESPACE=${POD.namespace};K8S_POD_NAME=${POD.name};K8S_POD_UID=${POD.uid}`;

  const modes = {
    'in-process': async (netns) => {
      const env = { ...baseEnv, NETCONFPATH: plexusNetconf, CNI_ARGS: podArgs };
      await apiCalls(emu.url);
      const add = await timeProcess(cnictl, ['add', 'bench-plexus', netns], { env });
      const addCalls = await apiCalls(emu.url);
      const del = await timeProcess(cnictl, ['del', 'bench-plexus', netns], { env });
      return { add, del, addCalls, delCalls: await apiCalls(emu.url) };
    },
    exec: async (netns) => {
      const env = { ...baseEnv, NETCONFPATH: plexusNetconf, CNI_ARGS: podArgs, PLEXUS_DELEGATE_MODE: 'exec' };
      const add = await timeProcess(cnictl, ['add', 'bench-plexus', netns], { env });
      const del = await timeProcess(cnictl, ['del', 'bench-plexus', netns], { env });
      return { add, del };
    },
    reference: async (netns) => {
      const ifNames = ['eth0', 'net1', 'net2'];
      let add = 0;
      let del = 0;
      for (const [i, n] of nets.entries()) add += await timeProcess(cnictl, ['add', n.name, netns], { env: { ...baseEnv, NETCONFPATH: refNetconf, CNI_IFNAME: ifNames[i] } });
      for (const [i, n] of [...nets.entries()].reverse()) del += await timeProcess(cnictl, ['del', n.name, netns], { env: { ...baseEnv, NETCONFPATH: refNetconf, CNI_IFNAME: ifNames[i] } });
      return { add, del };
    },
  };

  const samples = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
  const calls = { add: [], del: [] };
  for (let i = 0; i < o.warmup + o.runs; i++) {
    for (const [mode, cycle] of Object.entries(modes)) {
      const pod = `plxmd-bench-${process.pid}-${i}-${mode === 'in-process' ? 'i' : mode[0]}`;
      ipOk(['netns', 'add', pod]);
      try {
        const r = await cycle(`/var/run/netns/${pod}`);
        if (i >= o.warmup) {
          samples[mode].push(r);
          if (r.addCalls !== undefined) {
            calls.add.push(r.addCalls);
            calls.del.push(r.delCalls);
          }
        }
      } finally {
        sh('ip', ['netns', 'del', pod]);
      }
    }
  }

  const nodeStart = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    sh(process.execPath, ['-e', '0']);
    nodeStart.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const med = (mode, k) => median(samples[mode].map((s) => (k === 'total' ? s.add + s.del : s[k])));
  const report = { runs: o.runs, warmup: o.warmup, nodeStartMs: median(nodeStart), modes: {}, apiCallsPerAdd: median(calls.add), apiCallsPerDel: median(calls.del) };
  for (const m of Object.keys(modes)) report.modes[m] = { addMs: med(m, 'add'), delMs: med(m, 'del'), totalMs: med(m, 'total') };
  const ratio = (a, b) => report.modes[a].totalMs / report.modes[b].totalMs;
  report.ratios = { 'exec/in-process': ratio('exec', 'in-process'), 'in-process/reference': ratio('in-process', 'reference'), 'exec/reference': ratio('exec', 'reference') };

  if (o.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const f = (x) => x.toFixed(1).padStart(8);
  process.stdout.write(`meta-dispatcher: 3-network pod ADD+DEL, medians of ${o.runs} runs (${o.warmup} warm-up), node -e 0 = ${report.nodeStartMs.toFixed(1)} ms\n`);
  process.stdout.write(`${'mode'.padEnd(12)}${'ADD ms'.padStart(8)}${'DEL ms'.padStart(8)}${'total'.padStart(8)}\n`);
  for (const [m, r] of Object.entries(report.modes)) process.stdout.write(`${m.padEnd(12)}${f(r.addMs)}${f(r.delMs)}${f(r.totalMs)}\n`);
  for (const [k, v] of Object.entries(report.ratios)) process.stdout.write(`ratio ${k.padEnd(22)} ${v.toFixed(2)}\n`);
  process.stdout.write(`apiserver calls per ADD: ${report.apiCallsPerAdd} (pod GET + 2 NAD GETs + status patch + 3 events); per DEL: ${report.apiCallsPerDel}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
