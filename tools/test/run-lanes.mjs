#!/usr/bin/env node
// Runs every lane of tools/test/lanes.mjs and records what each produced in RESULTS_DIR (default dist/test-results):
//   plan.json          every result expected, written before anything runs (what summarize-jest.mjs checks against)
//   nx-tasks.json      the outcome of each nx task (one `nx run-many` for all 'nx' lanes)
//   lane-<name>.json   a 'jest' lane's jest --json output; lane-<name>.status.json how its command ended
// Each command runs in a process group of its own; whatever is still alive in that group when the command has
// exited was left behind by a test: it is listed in the status (the summary counts it as a failure) and killed.
// Exits 0 when every command exited 0 (summarize-jest.mjs decides the run's verdict).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { laneResultFile, laneStatusFile, planLanes } from './plan-lanes.mjs';
import { parseNxTasks } from './parse-nx-output.mjs';

// Usage: run-lanes.mjs [RESULTS_DIR] [--lanes NAME,…] [--table FILE]
//   --lanes runs only those lanes (the plan then names only them); --table reads another lane table (tests).
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const only = option('--lanes')?.split(',');
const table = option('--table') ?? new URL('./lanes.mjs', import.meta.url).pathname;
const results = args[0] ?? 'dist/test-results';
const { LANES: ALL } = await import(pathToFileURL(resolve(table)).href);
const unknown = (only ?? []).filter((n) => !ALL.some((l) => l.name === n));
if (unknown.length > 0) {
  console.error(`run-lanes: no lane named ${unknown.join(', ')} (lanes: ${ALL.map((l) => l.name).join(', ')})`);
  process.exit(2);
}
const LANES = only ? ALL.filter((l) => only.includes(l.name)) : ALL;
mkdirSync(results, { recursive: true });
const write = (rel, value) => writeFileSync(join(results, rel), JSON.stringify(value, null, 2) + '\n');

let current; // the running command's process group, stopped with us on a signal
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (current) killGroup(current, 'SIGTERM');
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

const targets = LANES.some((l) => l.kind === 'nx') ? projectTargets() : {};
const plan = planLanes((target) => Object.keys(targets).filter((p) => targets[p].includes(target)), LANES);
write('plan.json', plan);
let status = 0;

const nxLanes = LANES.filter((l) => l.kind === 'nx');
if (nxLanes.length > 0) {
  const out = await run(`npx nx run-many -t ${nxLanes.map((l) => l.target).join(' ')} --outputStyle=static`, { capture: true });
  write('nx-tasks.json', { exitCode: out.exitCode, ...parseNxTasks(out.text), leftovers: out.leftovers });
  if (out.exitCode !== 0) status = 1;
}

const isRoot = process.getuid?.() === 0;
for (const lane of LANES.filter((l) => l.kind === 'jest')) {
  console.log(`\n== lane ${lane.name}`);
  const result = join(results, laneResultFile(lane.name));
  rmSync(result, { force: true });
  if (lane.root && !isRoot) {
    console.log(`lane ${lane.name} needs root (netns, links): not run`);
    write(laneStatusFile(lane.name), { notRun: 'needs root (netns, links)' });
    status = 1;
    continue;
  }
  const out = await run(lane.command.replaceAll('{result}', result), {});
  write(laneStatusFile(lane.name), { exitCode: out.exitCode, signal: out.signal, leftovers: out.leftovers });
  if (out.exitCode !== 0 || out.leftovers.length > 0) status = 1;
}
process.exit(status);

/** Every nx project and its targets, from one `nx graph` (the project list is not hard-coded anywhere). */
function projectTargets() {
  const file = join(results, 'project-graph.json');
  const out = spawnSync('npx', ['nx', 'graph', `--file=${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (out.status !== 0) {
    console.error(`run-lanes: nx graph failed (${out.status}): ${out.stdout}`);
    return {};
  }
  const graph = JSON.parse(readFileSync(file, 'utf8')).graph;
  return Object.fromEntries(Object.entries(graph.nodes).map(([name, node]) => [name, Object.keys(node.data.targets ?? {})]));
}

/** Runs a bash command line in its own process group; returns its exit and the processes it left behind. */
function run(command, { capture }) {
  return new Promise((resolve) => {
    // The token marks every process of this lane that inherits the environment, also those nx starts in sessions
    // of their own (its task runner detaches each task), which the process group alone would miss.
    const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const env = { ...process.env, PLEXUS_LANE_TOKEN: token };
    const child = spawn('bash', ['-c', command], { detached: true, env, stdio: ['inherit', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'] });
    current = child.pid;
    let text = '';
    if (capture) {
      child.stdout.on('data', (d) => (process.stdout.write(d), (text += d)));
      child.stderr.on('data', (d) => (process.stderr.write(d), (text += d)));
    }
    let leftovers = [];
    // On 'exit', not 'close': a leftover holding the output pipe would keep 'close' from ever coming.
    child.on('exit', () => {
      const found = listLeftovers(child.pid, token);
      leftovers = found.map((p) => `${p.pid} ${p.cmd}`);
      if (leftovers.length > 0) {
        console.error(`run-lanes: '${command}' left ${leftovers.length} process(es) running; killing them:\n  ${leftovers.join('\n  ')}`);
        killGroup(child.pid, 'SIGKILL');
        for (const p of found) killPid(p.pid);
      }
    });
    child.on('close', (exitCode, signal) => {
      current = undefined;
      resolve({ exitCode, signal, text, leftovers });
    });
  });
}

/** listLeftovers finds the live processes of a process group, or carrying the lane's token in their environment. */
function listLeftovers(pgid, token) {
  const found = [];
  const mark = Buffer.from(`PLEXUS_LANE_TOKEN=${token}\0`);
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      if (Number(pgrp) !== pgid && !readFileSync(`/proc/${pid}/environ`).includes(mark)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(pid), cmd: cmd.slice(0, 200) });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function killPid(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}
