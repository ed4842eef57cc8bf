#!/usr/bin/env node
// Foundation benchmark (one run, ratios against the reference Go plugins measured in the same run):
//  1. static-ipam ADD vs the reference `static` ADD vs `node -e 0` — wall medians and peak RSS.
//  2. chain ADD+DEL through cnictl: reference bridge + our static-ipam + our route-injector
//     vs reference bridge + reference static, on a fresh throwaway netns per iteration.
// Targets (issue 2): static-ipam ADD wall ≤ `node -e 0` + 15 ms; peak RSS ≤ 80 MiB.
// Needs root (netns), the built binaries (nx run-many -t build) and /usr/bin/time (GNU time) for RSS.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './bench-kit.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const N = Number(process.env.BENCH_N ?? 25);
const REF = process.env.REF_CNI_DIR ?? '/usr/lib/cni';
const bin = join(root, 'dist', 'bin');
const cnictl = join(root, 'dist', 'tools', 'cnictl');
for (const f of [join(bin, 'static-ipam'), join(bin, 'route-injector'), cnictl, join(REF, 'static'), join(REF, 'bridge')]) {
  if (!existsSync(f)) {
    console.error(`bench: missing ${f} (run: npx nx run-many -t build; apt-get install containernetworking-plugins)`);
    process.exit(2);
  }
}

const fmt = (x) => x.toFixed(1);

function timeOnce(file, args, input, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { input, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return ms;
}

function peakRssKiB(file, args, input, env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', file, ...args], { input, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`/usr/bin/time ${file} failed: ${r.stderr}`);
  return Number(r.stderr.trim().split('\n').pop());
}

// ---- 1. single IPAM ADD -------------------------------------------------------------------------------------
const ipamConf = (type) => JSON.stringify({ cniVersion: '1.0.0', name: 'plxbench', type, ipam: { type, addresses: [{ address: '10.250.0.5/24', gateway: '10.250.0.1' }], routes: [{ dst: '0.0.0.0/0' }] } });
const addEnv = { PATH: process.env.PATH, CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'bench', CNI_NETNS: '/var/run/netns/plxbench', CNI_IFNAME: 'eth0', CNI_PATH: REF, CNI_ARGS: '' };
const runs = { node: [], ref: [], ours: [] };
for (let i = 0; i < N + 3; i++) {
  const n = timeOnce(process.execPath, ['-e', '0'], '', addEnv);
  const r = timeOnce(join(REF, 'static'), [], ipamConf('static'), addEnv);
  const o = timeOnce(join(bin, 'static-ipam'), [], ipamConf('static-ipam'), addEnv);
  if (i >= 3) { runs.node.push(n); runs.ref.push(r); runs.ours.push(o); } // 3 warm-up rounds
}
const hasTime = existsSync('/usr/bin/time');
const rss = hasTime
  ? { node: peakRssKiB(process.execPath, ['-e', '0'], '', addEnv), ref: peakRssKiB(join(REF, 'static'), [], ipamConf('static'), addEnv), ours: peakRssKiB(join(bin, 'static-ipam'), [], ipamConf('static-ipam'), addEnv) }
  : undefined;
const m = { node: median(runs.node), ref: median(runs.ref), ours: median(runs.ours) };
console.log(`\n== static-ipam ADD (median of ${N}, ms)`);
console.log(`node -e 0            ${fmt(m.node)}${rss ? `   peak RSS ${(rss.node / 1024).toFixed(1)} MiB` : ''}`);
console.log(`reference static     ${fmt(m.ref)}${rss ? `   peak RSS ${(rss.ref / 1024).toFixed(1)} MiB` : ''}`);
console.log(`plexus static-ipam   ${fmt(m.ours)}${rss ? `   peak RSS ${(rss.ours / 1024).toFixed(1)} MiB` : ''}`);
console.log(`ratio static-ipam/reference  ${(m.ours / m.ref).toFixed(2)}x`);
console.log(`ratio static-ipam/node -e 0  ${(m.ours / m.node).toFixed(2)}x   overhead over node -e 0: ${fmt(m.ours - m.node)} ms (target ≤ 15)`);
if (rss) console.log(`peak RSS target ≤ 80 MiB: ${rss.ours / 1024 <= 80 ? 'met' : 'MISSED'}`);

// ---- 2. chain ADD+DEL through cnictl ---------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'plxbench-'));
const cniBin = join(work, 'bin');
mkdirSync(cniBin);
for (const p of ['static-ipam', 'route-injector']) copyFileSync(join(bin, p), join(cniBin, p));
execFileSync('chmod', ['0755', join(cniBin, 'static-ipam'), join(cniBin, 'route-injector')]);
const confDir = join(work, 'net.d');
mkdirSync(confDir);
const bridge = (ipamType) => ({ type: 'bridge', bridge: 'plxbenchbr0', isGateway: false, ipMasq: false, ipam: { type: ipamType, addresses: [{ address: '10.251.0.10/24', gateway: '10.251.0.1' }] } });
writeFileSync(join(confDir, '10-ours.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'plxbench-ours', plugins: [bridge('static-ipam'), { type: 'route-injector', routes: [{ dst: '10.252.0.0/16', gw: '10.251.0.1' }] }] }));
writeFileSync(join(confDir, '20-ref.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'plxbench-ref', plugins: [{ ...bridge('static'), ipam: { ...bridge('static').ipam, routes: [{ dst: '10.252.0.0/16', gw: '10.251.0.1' }] } }] }));
const chainEnv = { ...process.env, NETCONFPATH: confDir, CNI_PATH: `${cniBin}:${REF}`, PLEXUS_CNI_CACHE_DIR: join(work, 'cache') };
spawnSync('ip', ['link', 'add', 'plxbenchbr0', 'type', 'bridge']);
spawnSync('ip', ['link', 'set', 'plxbenchbr0', 'up']);
const chain = { ours: [], ref: [] };
try {
  for (let i = 0; i < N + 2; i++) {
    for (const which of ['ours', 'ref']) {
      const ns = `plxbench-${which}-${i}`;
      execFileSync('ip', ['netns', 'add', ns]);
      try {
        const p = `/var/run/netns/${ns}`;
        const t = timeOnce(cnictl, ['add', `plxbench-${which}`, p], '', chainEnv) + timeOnce(cnictl, ['del', `plxbench-${which}`, p], '', chainEnv);
        if (i >= 2) chain[which].push(t);
      } finally {
        spawnSync('ip', ['netns', 'del', ns]);
      }
    }
  }
} finally {
  spawnSync('ip', ['link', 'del', 'plxbenchbr0']);
  rmSync(work, { recursive: true, force: true });
}
const c = { ours: median(chain.ours), ref: median(chain.ref) };
console.log(`\n== chain ADD+DEL via cnictl (median of ${N}, ms)`);
console.log(`bridge + reference static                    ${fmt(c.ref)}`);
console.log(`bridge + plexus static-ipam + route-injector ${fmt(c.ours)}`);
console.log(`ratio plexus chain/reference chain           ${(c.ours / c.ref).toFixed(2)}x`);
