import type { CniOutput, TestNetns } from '../support';
import { MASTER, type KernelWorld } from './kernel-world';

type Json = Record<string, unknown>;

/** staticIpam is a static-ipam section with these addresses (and routes). */
export function staticIpam(addresses: Array<string | { address: string; gateway?: string }>, routes: Json[] = []): Json {
  return { type: 'static-ipam', addresses: addresses.map((a) => (typeof a === 'string' ? { address: a } : a)), ...(routes.length ? { routes } : {}) };
}

/** ipvlanConf is an ipvlan config on the world's master with `extra` keys (an `undefined` value drops a key). */
export function ipvlanConf(cniVersion: string, extra: Json = {}): Json {
  const conf: Json = { cniVersion, name: 'plxiv-net', type: 'ipvlan', master: MASTER, ipam: staticIpam(['10.77.0.10/24']), ...extra };
  for (const k of Object.keys(conf)) if (conf[k] === undefined) delete conf[k];
  return conf;
}

/** describeRun renders a plugin run for an assertion message. */
export function describeRun(out: CniOutput): string {
  return `exit ${out.status}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`;
}

/** addOk runs ipvlan ADD and fails the test with the plugin's output unless it succeeded. */
export function addOk(w: KernelWorld, pod: TestNetns, conf: Json, ifName = 'net1', plugin = 'ipvlan'): Json {
  const out = w.run(plugin, { command: 'ADD', stdin: conf, containerId: `c-${pod.name}`, netns: pod.path, ifName });
  if (out.status !== 0) throw new Error(`ADD failed: ${describeRun(out)}`);
  return out.json as Json;
}

/** runCmd runs one command of a plugin for a pod. */
export function runCmd(w: KernelWorld, command: 'ADD' | 'CHECK' | 'DEL' | 'STATUS', pod: TestNetns | undefined, conf: Json, ifName = 'net1', plugin = 'ipvlan'): CniOutput {
  return w.run(plugin, { command, stdin: conf, containerId: pod ? `c-${pod.name}` : '', netns: pod?.path ?? '', ifName: command === 'STATUS' ? '' : ifName });
}

/** errorOf asserts a run failed as a CNI error on stdout (exit 1, no stack trace) and returns the error object. */
export function errorOf(out: CniOutput): { code: number; msg: string; details?: string } {
  if (out.status === 0) throw new Error(`expected a failure, got ${describeRun(out)}`);
  expect(out.status).toBe(1);
  expect(out.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return out.json as { code: number; msg: string; details?: string };
}
