#!/usr/bin/env node
// multi-nic-ipam benchmark: the built binary against the reference Go `host-local` IPAM on an equivalent range, both
// measured in this run (interleaved, so machine noise hits both alike), ratios printed at the end:
//   1. ADD latency, sequential: median and p99 (wall time of one exec, spawn to exit)
//   2. ADD latency at 32-way concurrency, and allocations per second over the whole batch
//   3. DEL latency, sequential
//   4. multi-nic-ipam only: 2 masters per ADD, and ADD in-process (how the meta-dispatcher runs it: no Node start)
// Equivalent range: host-local gets subnet 10.0.0.0/16; multi-nic-ipam gets 10.0.0.0/8 with interfaceBlock 2 and
// hostBlock 6 and a fixed host index, i.e. the host block 10.0.0.0/16 (L2 mode: no Kubernetes, no kernel calls).
// Needs the built bundle (node tools/build/build-plugin.mjs multi-nic-ipam) and /usr/lib/cni/host-local.
// Knobs: BENCH_SEQ (default 100), BENCH_CONC_N (256), BENCH_CONC (32), REF_CNI_DIR (/usr/lib/cni).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeProcess } from './bench-kit.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OURS = join(root, 'dist', 'bin', 'multi-nic-ipam');
const REF = join(process.env.REF_CNI_DIR ?? '/usr/lib/cni', 'host-local');
const N_SEQ = Number(process.env.BENCH_SEQ ?? 100);
const N_CONC = Number(process.env.BENCH_CONC_N ?? 256);
const CONC = Number(process.env.BENCH_CONC ?? 32);
const WARMUP = 3;
for (const f of [OURS, REF]) {
  if (!existsSync(f)) {
    console.error(`bench: missing ${f} (build: node tools/build/build-plugin.mjs multi-nic-ipam; reference: containernetworking-plugins)`);
    process.exit(2);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'plxmn-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const ourConf = (dataDir, masters = ['eth1']) =>
  JSON.stringify({
    cniVersion: '1.0.0',
    name: 'plxmn-bench',
    type: 'ipvlan',
    ipam: { type: 'multi-nic-ipam', subnet: '10.0.0.0/8', interfaceBlock: 2, hostBlock: 6, hostIndex: 0, masters, dataDir },
  });
const refConf = (dataDir) =>
  JSON.stringify({ cniVersion: '1.0.0', name: 'plxmn-bench', type: 'ipvlan', ipam: { type: 'host-local', ranges: [[{ subnet: '10.0.0.0/16' }]], dataDir } });
const env = (command, containerId) => ({
  PATH: process.env.PATH,
  CNI_COMMAND: command,
  CNI_CONTAINERID: containerId,
  CNI_NETNS: '/var/run/netns/plxmn-bench',
  CNI_IFNAME: 'net1',
  CNI_PATH: dirname(REF),
  CNI_ARGS: '',
});

/** run execs a plugin once and resolves with its wall time in ms (spawn to exit); a failure aborts the bench. */
function run(file, stdin, command, containerId) {
  return timeProcess(file, [], { env: env(command, containerId), input: stdin, label: `${file} ${command} ${containerId}` });
}

async function mapLimit(n, limit, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (xs) => quantile(xs, 0.5);
const p99 = (xs) => quantile(xs, 0.99);
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

const plugins = {
  ours: { file: OURS, conf: ourConf(join(tmp, 'ours')) },
  ref: { file: REF, conf: refConf(join(tmp, 'ref')) },
};

// 1 + 3. Sequential ADD then DEL, interleaved ours/ref per iteration.
const seq = { ours: { add: [], del: [] }, ref: { add: [], del: [] } };
for (let i = 0; i < WARMUP + N_SEQ; i++) {
  for (const [name, p] of Object.entries(plugins)) {
    const add = await run(p.file, p.conf, 'ADD', `seq-${i}`);
    if (i >= WARMUP) seq[name].add.push(add);
  }
}
for (let i = 0; i < WARMUP + N_SEQ; i++) {
  for (const [name, p] of Object.entries(plugins)) {
    const del = await run(p.file, p.conf, 'DEL', `seq-${i}`);
    if (i >= WARMUP) seq[name].del.push(del);
  }
}

// 2. 32-way concurrency: each plugin gets its own batch (so each competes only with itself for the 2 cores).
const conc = {};
for (const [name, p] of Object.entries(plugins)) {
  const t0 = process.hrtime.bigint();
  const lat = await mapLimit(N_CONC, CONC, (i) => run(p.file, p.conf, 'ADD', `conc-${i}`));
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  conc[name] = { lat, perSec: N_CONC / wallS, wallS };
}

// 4a. Two masters per ADD (multi-nic-ipam only: two addresses, two block files, one lock).
const two = [];
const twoConf = ourConf(join(tmp, 'two'), ['eth1', 'eth2']);
for (let i = 0; i < WARMUP + N_SEQ; i++) {
  const ms = await run(OURS, twoConf, 'ADD', `two-${i}`);
  if (i >= WARMUP) two.push(ms);
}

// 4b. In-process: the bundle `require`d and invoked the way the meta-dispatcher delegates to Plexus plugins.
const require = createRequire(import.meta.url);
const { plexusPlugin } = require(OURS);
const inproc = [];
const inprocConf = ourConf(join(tmp, 'inproc'));
for (let i = 0; i < WARMUP + N_SEQ; i++) {
  const t0 = process.hrtime.bigint();
  const out = await plexusPlugin.invoke(env('ADD', `inproc-${i}`), inprocConf);
  if (out.exitCode !== 0) throw new Error(`in-process ADD failed: ${out.stdout}`);
  if (i >= WARMUP) inproc.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

// Baseline: what any Node process costs to start on this machine.
const nodeStart = [];
for (let i = 0; i < 20; i++) {
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  nodeStart.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

const rows = [
  ['ADD sequential, median (ms)', median(seq.ours.add), median(seq.ref.add)],
  ['ADD sequential, p99 (ms)', p99(seq.ours.add), p99(seq.ref.add)],
  [`ADD ${CONC}-way concurrent, median (ms)`, median(conc.ours.lat), median(conc.ref.lat)],
  [`ADD ${CONC}-way concurrent, p99 (ms)`, p99(conc.ours.lat), p99(conc.ref.lat)],
  [`allocations/s (${N_CONC} ADDs, ${CONC} in flight)`, conc.ours.perSec, conc.ref.perSec],
  ['DEL sequential, median (ms)', median(seq.ours.del), median(seq.ref.del)],
  ['DEL sequential, p99 (ms)', p99(seq.ours.del), p99(seq.ref.del)],
];
console.log(`\n== multi-nic-ipam vs host-local (${N_SEQ} sequential, ${N_CONC} at ${CONC}-way; same run, ratio = ours / host-local)`);
console.log(`${'metric'.padEnd(44)}${'multi-nic-ipam'.padStart(16)}${'host-local'.padStart(12)}${'ratio'.padStart(9)}`);
for (const [label, ours, ref] of rows) console.log(`${label.padEnd(44)}${fmt(ours).padStart(16)}${fmt(ref).padStart(12)}${(ours / ref).toFixed(2).padStart(8)}x`);
console.log(`\n== multi-nic-ipam only`);
console.log(`${'ADD with 2 masters, sequential, median / p99 (ms)'.padEnd(58)}${fmt(median(two))} / ${fmt(p99(two))}`);
console.log(`${'ADD in-process (no Node start), median / p99 (ms)'.padEnd(58)}${fmt(median(inproc))} / ${fmt(p99(inproc))}`);
console.log(`${'node -e 0, median (ms)'.padEnd(58)}${fmt(median(nodeStart))}`);
console.log(`${'ADD sequential minus node start, median (ms)'.padEnd(58)}${fmt(median(seq.ours.add) - median(nodeStart))}`);
