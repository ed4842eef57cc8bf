#!/usr/bin/env node
// Benchmark: a pod's whole network life under a real runtime — CRI RunPodSandbox + StopPodSandbox +
// RemovePodSandbox, timed from the CRI client — three ways, interleaved in one run so all see the same machine:
//   plexus        containerd → 00-plexus.conflist (meta-dispatcher) → the cluster conflist (reference bridge + host-local)
//   plexus+3nads  the same with three NADs in k8s.v1.cni.cncf.io/networks (bridge + host-local, bridge + static-ipam,
//                 macvlan + host-local) from the API emulator
//   direct        a second containerd whose conf dir holds only the cluster conflist (the node without Plexus)
// Both runtimes are private containerd instances of the CRI lane (e2e/src/cri), on one bin dir, bridge and IPAM store.
// Prints median and p99 per way and the ratios against `direct`. The sandbox itself (runc + the busybox pause) is in
// every number: the ratio is what Plexus adds to a pod start as kubelet sees it.
//
//   node tools/bench/cri-bench.mjs [--runs N] [--warmup N] [--json]
//
// Needs root and containerd + runc (apt-get install containerd runc). Builds the bundles first.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { median, parseRunArgs } from './bench-kit.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const THREE_NADS = JSON.stringify([{ name: 'net-a' }, { name: 'net-b', ips: ['10.234.2.7/24'] }, { name: 'net-c' }]);

function parseArgs(argv) {
  return parseRunArgs(argv, { runs: 21, warmup: 2 });
}

/**
 * loadKit bundles the CRI lane's TypeScript kit (e2e/src/cri/index.ts) and loads it. The bundle goes three levels
 * below the workspace root (dist/bench/cri/) — the depth of e2e/src/<dir>/ — because the kit finds the workspace
 * (dist/tools, the .proto) relative to its own __dirname; @grpc stays external and resolves from node_modules.
 */
async function loadKit() {
  const outfile = resolve(root, 'dist', 'bench', 'cri', 'cri-kit.cjs');
  await build({
    entryPoints: [resolve(root, 'e2e', 'src', 'cri', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@grpc/grpc-js', '@grpc/proto-loader'],
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}

/** p99 by nearest rank. */
function p99(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)];
}

/**
 * lifecycle times Run + Stop + Remove of one pod; between them (untimed) it checks through PodSandboxStatus and the
 * sandbox netns that the pod came up with the expected interfaces, so a broken way cannot look fast.
 */
async function lifecycle(w, cri, spec, links) {
  const t0 = process.hrtime.bigint();
  const id = await cri.runPodSandbox(spec);
  const t1 = process.hrtime.bigint();
  const status = await cri.podSandboxStatus(id);
  const got = w.podLinks(status.netnsPath).join(',');
  if (status.state !== 'SANDBOX_READY' || !status.ip || got !== links) throw new Error(`pod ${spec.name}: state ${status.state}, ip "${status.ip}", links ${got} (want ${links})`);
  const t2 = process.hrtime.bigint();
  await cri.stopPodSandbox(id);
  await cri.removePodSandbox(id);
  const t3 = process.hrtime.bigint();
  return { total: Number(t1 - t0 + (t3 - t2)) / 1e6, run: Number(t1 - t0) / 1e6 };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid() !== 0) throw new Error('the CRI benchmark needs root (containerd, netns)');
  const kit = await loadKit();
  kit.buildPlugins('tools', 'meta-dispatcher', 'static-ipam', 'fakeipam', 'route-injector', 'multi-nic-ipam', 'ipvlan');
  const w = new kit.CriWorld();
  const samples = { plexus: [], 'plexus+3nads': [], direct: [] };
  const runSamples = { plexus: [], 'plexus+3nads': [], direct: [] };
  try {
    await w.setUp();
    const direct = await w.startDirectRuntime();
    const ways = {
      plexus: (i) => lifecycle(w, w.containerd.cri, w.pod(`bench-plain-${i}`), 'eth0'),
      'plexus+3nads': (i) => lifecycle(w, w.containerd.cri, w.pod(`bench-nads-${i}`, { [kit.NETWORKS_ANNOTATION]: THREE_NADS }), 'eth0,net1,net2,net3'),
      direct: (i) => lifecycle(w, direct.cri, w.pod(`bench-direct-${i}`), 'eth0'),
    };
    for (let i = 0; i < o.warmup + o.runs; i++) {
      for (const [way, fn] of Object.entries(ways)) {
        const t = await fn(i);
        if (i >= o.warmup) {
          samples[way].push(t.total);
          runSamples[way].push(t.run);
        }
      }
    }
    const left = await w.leftovers();
    if (Object.values(left).some((l) => l.length)) throw new Error(`the benchmark leaked: ${JSON.stringify(left)}`);
  } finally {
    const problems = await w.cleanup();
    if (problems.length) console.error(`cleanup: ${problems.join('; ')}`);
  }
  const stats = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, { median: median(xs), p99: p99(xs), runMedian: median(runSamples[k]) }]));
  const ratios = {
    plexus: stats.plexus.median / stats.direct.median,
    'plexus+3nads': stats['plexus+3nads'].median / stats.direct.median,
    plexusP99: stats.plexus.p99 / stats.direct.p99,
    'plexus+3nadsP99': stats['plexus+3nads'].p99 / stats.direct.p99,
  };
  if (o.json) {
    console.log(JSON.stringify({ runs: o.runs, stats, ratios }, null, 2));
    return;
  }
  console.log(`CRI RunPodSandbox + StopPodSandbox + RemovePodSandbox, ${o.runs} runs each (after ${o.warmup} warm-up), private containerd:`);
  for (const [k, s] of Object.entries(stats)) {
    console.log(`  ${k.padEnd(13)} median ${s.median.toFixed(1).padStart(7)} ms   p99 ${s.p99.toFixed(1).padStart(7)} ms   (RunPodSandbox alone: median ${s.runMedian.toFixed(1)} ms)`);
  }
  console.log(`  ratio plexus / direct:        median ${ratios.plexus.toFixed(2)}x   p99 ${ratios.plexusP99.toFixed(2)}x`);
  console.log(`  ratio plexus+3nads / direct:  median ${ratios['plexus+3nads'].toFixed(2)}x   p99 ${ratios['plexus+3nadsP99'].toFixed(2)}x`);
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
