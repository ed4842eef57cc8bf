#!/usr/bin/env node
// Benchmark: the meta-dispatcher with plexus-node's cache warm vs off, interleaved in one run.
//   agent on   cnictl → 00-plexus.conflist written by a running plexus-node (nodeCache set, informers warm)
//   agent off  the same conflist without nodeCache (every NAD is a GET)
//   on, pod    agent on, but no runtime annotations: the dispatcher also reads the pod (from the cache: UID matches)
//   alone      the same delegates run alone by cnictl: the cluster network + the 3 NADs' confs, one list each
// A pod with the cluster network + 3 NADs (reference bridge + Go static IPAM), annotations passed the way containerd
// does (capability io.kubernetes.cri.pod-annotations in CAP_ARGS) except in "on, pod", so no pod GET otherwise.
// Prints ADD/DEL medians, the API calls per ADD/DEL by kind (single-object reads vs writes, whoever makes them: with
// the agent on, its write-behind makes the writes) for agent on/off, and
// the target: ADD(agent on) ≤ sum of the delegates alone + `node -e 0` + 30 ms.
//
//   node tools/bench/plexus-node-bench.mjs [--runs N] [--warmup N] [--json]
//
// Needs root (netns, a bridge `plxnbench<pid>`). Builds the bundles first; removes everything at the end.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ipOk, median, parseRunArgs, sh, timeProcess } from './bench-kit.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const POD = { namespace: 'bench', name: 'pod4', uid: 'uid-pod4' };
const TOKEN = 'bench-token';

function parseArgs(argv) {
  return parseRunArgs(argv, { runs: 11, warmup: 2 });
}

const conf = (name, bridge, address) => ({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge', bridge, ipam: { type: 'static', addresses: [{ address }] } }] });

function spawnLine(file, args, pattern, env = process.env) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  const ready = new Promise((res, rej) => {
    const on = (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) res(m);
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (c) => rej(new Error(`${file} exited ${c}: ${out}`)));
  });
  return { child, ready, output: () => out };
}

/** requests returns the API requests since the last call, split into single-object reads, lists/watches and writes. */
async function requests(url) {
  const body = await (await fetch(`${url}/_emulator/requests`)).json();
  await fetch(`${url}/_emulator/requests`, { method: 'DELETE' });
  const out = { objectReads: 0, writes: 0, other: 0 };
  for (const r of body.requests) {
    if (r.method === 'GET' && /\/namespaces\/[^/]+\/[^/]+\/[^/]+$/.test(r.path) && !/watch=/.test(r.query ?? '')) out.objectReads++;
    else if (r.method !== 'GET') out.writes++;
    else out.other++;
  }
  return out;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) throw new Error('needs root (netns, links)');
  const b = sh(process.execPath, [join(root, 'tools', 'build', 'build-plugin.mjs'), 'tools', 'plexus-node', 'meta-dispatcher']);
  if (b.status !== 0) throw new Error(`build: ${b.stderr}`);
  const tmp = mkdtempSync(join(tmpdir(), 'plxnode-bench-'));
  const bridge = `plxnbench${process.pid % 10000}`;
  const procs = [];
  try {
    ipOk(['link', 'add', bridge, 'type', 'bridge']);
    ipOk(['link', 'set', bridge, 'up']);
    return await run(o, tmp, bridge, procs);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    sh('ip', ['link', 'del', bridge]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function run(o, tmp, bridge, procs) {
  const dirs = Object.fromEntries(['bin', 'conf', 'off', 'alone', 'sa', 'run', 'cache'].map((d) => [d, join(tmp, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d);
  const nads = ['net-a', 'net-b', 'net-c'].map((n, i) => conf(n, bridge, `10.195.${11 + i}.5/24`));
  const cluster = conf('pods', bridge, '10.195.10.5/24');
  writeFileSync(join(dirs.conf, '10-pods.conflist'), JSON.stringify(cluster));
  [cluster, ...nads].forEach((c, i) => writeFileSync(join(dirs.alone, `${i}-${c.name}.conflist`), JSON.stringify(c)));
  const annotations = { 'k8s.v1.cni.cncf.io/networks': 'net-a,net-b,net-c' };
  const seed = [
    { apiVersion: 'v1', kind: 'Pod', metadata: { ...POD, annotations }, spec: { nodeName: 'bench-node' } },
    ...nads.map((c) => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { namespace: POD.namespace, name: c.name }, spec: { config: JSON.stringify(c) } })),
  ];
  writeFileSync(join(tmp, 'seed.json'), JSON.stringify(seed));
  writeFileSync(join(dirs.sa, 'token'), TOKEN);

  const emu = spawnLine(join(root, 'dist', 'tools', 'api-emulator'), ['--port', '0', '--seed', join(tmp, 'seed.json'), '--token', TOKEN], /"url":"([^"]+)"/);
  procs.push(emu.child);
  const url = (await emu.ready)[1];
  const agent = spawnLine(
    join(root, 'dist', 'tools', 'plexus-node'),
    ['--cni-bin-dir', dirs.bin, '--cni-conf-dir', dirs.conf, '--plugins', 'meta-dispatcher', '--sa-dir', dirs.sa, '--api-server', url, '--node-name', 'bench-node', '--run-dir', dirs.run, '--metrics-port', '0', '--node-runtime', 'none', '--poll-interval', '500'],
    /set-up done/,
  );
  procs.push(agent.child);
  await agent.ready;
  const state = join(dirs.run, 'cache', 'agent.json');
  for (let i = 0; ; i++) {
    try {
      const synced = JSON.parse(readFileSync(state, 'utf8')).synced;
      if (synced['k8s.cni.cncf.io/network-attachment-definitions'] && synced['core/pods'] && readFileSync(join(dirs.run, 'cache', 'objects', 'core', 'pods', POD.namespace, `${POD.name}.json`))) break;
    } catch {
      /* not yet */
    }
    if (i > 200) throw new Error(`cache never synced: ${agent.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // agent off: the same conf the agent wrote, without nodeCache.
  const written = JSON.parse(readFileSync(join(dirs.conf, '00-plexus.conflist'), 'utf8'));
  const off = structuredClone(written);
  delete off.plugins[0].nodeCache;
  writeFileSync(join(dirs.off, '00-plexus.conflist'), JSON.stringify(off));

  const cnictl = join(root, 'dist', 'tools', 'cnictl');
  const base = {
    PATH: process.env.PATH,
    CNI_PATH: `${dirs.bin}:/usr/lib/cni`,
    PLEXUS_CNI_CACHE_DIR: dirs.cache,
    CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=${POD.namespace};K8S_POD_NAME=${POD.name};K8S_POD_UID=${POD.uid}`,
    CAP_ARGS: JSON.stringify({ 'io.kubernetes.cri.pod-annotations': annotations }),
  };
  const dispatcher = (netconf, withAnnotations = true) => async (netns) => {
    const env = { ...base, NETCONFPATH: netconf };
    if (!withAnnotations) delete env.CAP_ARGS;
    await requests(url);
    const add = await timeProcess(cnictl, ['add', 'plexus', netns], { env });
    const addCalls = await requests(url);
    const del = await timeProcess(cnictl, ['del', 'plexus', netns], { env });
    return { add, del, addCalls, delCalls: await requests(url) };
  };
  const modes = {
    'agent on': dispatcher(dirs.conf),
    'agent off': dispatcher(dirs.off),
    'on, pod': dispatcher(dirs.conf, false),
    alone: async (netns) => {
      const names = [cluster, ...nads].map((c) => c.name);
      const ifs = ['eth0', 'net1', 'net2', 'net3'];
      const env = { PATH: process.env.PATH, CNI_PATH: '/usr/lib/cni', PLEXUS_CNI_CACHE_DIR: dirs.cache, NETCONFPATH: dirs.alone };
      let add = 0;
      let del = 0;
      for (const [i, n] of names.entries()) add += await timeProcess(cnictl, ['add', n, netns], { env: { ...env, CNI_IFNAME: ifs[i] } });
      for (const [i, n] of [...names.entries()].reverse()) del += await timeProcess(cnictl, ['del', n, netns], { env: { ...env, CNI_IFNAME: ifs[i] } });
      return { add, del };
    },
  };
  const samples = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
  for (let i = 0; i < o.warmup + o.runs; i++) {
    for (const [mode, cycle] of Object.entries(modes)) {
      const ns = `plxnode-bench-${process.pid}-${i}-${mode[0]}${mode.length}`;
      ipOk(['netns', 'add', ns]);
      try {
        const r = await cycle(`/var/run/netns/${ns}`);
        if (i >= o.warmup) samples[mode].push(r);
      } finally {
        sh('ip', ['netns', 'del', ns]);
      }
    }
  }
  const nodeStart = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    sh(process.execPath, ['-e', '0']);
    nodeStart.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const med = (m, f) => median(samples[m].map(f));
  const report = { runs: o.runs, warmup: o.warmup, nodeStartMs: median(nodeStart), modes: {} };
  for (const m of Object.keys(modes)) {
    report.modes[m] = { addMs: med(m, (s) => s.add), delMs: med(m, (s) => s.del) };
    if (samples[m][0].addCalls) {
      for (const k of ['objectReads', 'writes']) {
        report.modes[m][`add_${k}`] = med(m, (s) => s.addCalls[k]);
        report.modes[m][`del_${k}`] = med(m, (s) => s.delCalls[k]);
      }
    }
  }
  report.targetMs = report.modes.alone.addMs + report.nodeStartMs + 30;
  report.targetMet = { 'agent on': report.modes['agent on'].addMs <= report.targetMs, 'on, pod': report.modes['on, pod'].addMs <= report.targetMs };
  report.addOnVsOff = report.modes['agent on'].addMs / report.modes['agent off'].addMs;
  report.addOnVsAlone = report.modes['agent on'].addMs / report.modes.alone.addMs;
  if (o.json) return void process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  const f = (x) => (typeof x === 'number' ? x.toFixed(1) : '-').padStart(9);
  process.stdout.write(`plexus-node cache: pod with cluster network + 3 NADs, medians of ${o.runs} runs (${o.warmup} warm-up), node -e 0 = ${report.nodeStartMs.toFixed(1)} ms\n`);
  process.stdout.write(`${'mode'.padEnd(10)}${'ADD ms'.padStart(9)}${'DEL ms'.padStart(9)}${'ADD rd'.padStart(9)}${'ADD wr'.padStart(9)}${'DEL rd'.padStart(9)}${'DEL wr'.padStart(9)}\n`);
  for (const [m, r] of Object.entries(report.modes)) process.stdout.write(`${m.padEnd(10)}${f(r.addMs)}${f(r.delMs)}${f(r.add_objectReads)}${f(r.add_writes)}${f(r.del_objectReads)}${f(r.del_writes)}\n`);
  process.stdout.write(`ADD agent on / off = ${report.addOnVsOff.toFixed(2)}; agent on / delegates alone = ${report.addOnVsAlone.toFixed(2)}\n`);
  const t = report.targetMs;
  process.stdout.write(`target: dispatcher ADD ≤ sum of delegates alone (${report.modes.alone.addMs.toFixed(1)}) + node -e 0 (${report.nodeStartMs.toFixed(1)}) + 30 ms = ${t.toFixed(1)} ms\n`);
  for (const m of ['agent on', 'on, pod']) {
    const r = report.modes[m];
    process.stdout.write(`  ${m}: ADD ${r.addMs.toFixed(1)} ms, ${r.add_objectReads} API single-object reads → target met: ${report.targetMet[m] ? 'yes' : 'NO'} (margin ${(t - r.addMs).toFixed(1)} ms)\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
