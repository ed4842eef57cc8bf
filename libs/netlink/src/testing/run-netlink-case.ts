import type { BatchFailure } from '../netlink';
import type { AddrInfo, LinkInfo, RouteSpec, RuleSpec } from '../kernel-objects';
import type { TestNetlink, TestNetnsScope } from '../test-netlink';

/**
 * The shared netlink case table (netlink-cases.ts) is plain data: each case is a list of steps naming a netns, a
 * method of its scope (TestNetnsScope, or checkNetns of the Netlink), its arguments and the observable outcome. The same runner drives FakeNetlink (hermetic spec) and
 * IpRoute2Netlink on a real kernel inside throwaway netns (e2e), so the fake cannot drift from the kernel unnoticed.
 */

/** Symbolic namespaces: a step's netns, and "@a", "@b", "@missing" (no such path), "@notns" in its arguments. */
export type CaseNetns = 'a' | 'b' | 'missing' | 'notns';

/** What the kernel under test can do (this machine: veth, bridge, macvlan; live renames allowed since Linux 6.x). */
export interface KernelCaps {
  /** Link kinds `ip link add` accepts. */
  kinds: readonly string[];
  /** Renaming an UP link succeeds. */
  liveRename: boolean;
}

/** How a step's result is reduced before comparison (indexes, MACs and timers differ between kernels). */
export type CaseView = 'raw' | 'link' | 'linkNames' | 'addrs' | 'routes' | 'rules' | 'failures';

/** An expected outcome: success (optionally with a viewed value) or a typed error. */
export type CaseExpect =
  | { ok: true; value?: unknown }
  | { error: 'NetnsNotFoundError' | 'NotANetnsError' | 'LinkNotFoundError' | 'RouteNotFoundError' | 'RuleNotFoundError' | 'NetlinkError'; kind?: string; batchIndex?: number };

/**
 * One call of a method of `netns`'s scope (checkNetns: of the Netlink, on that netns' path). `args` may hold
 * "@b"-style references to other netns scopes anywhere (objects included).
 */
export interface CallStep {
  call: Exclude<keyof TestNetnsScope, 'path'> | 'checkNetns';
  netns: CaseNetns;
  args: unknown[];
  view?: CaseView;
  expect: CaseExpect;
  /** When the outcome depends on the kernel: `expect` holds where it has `needs`, `otherwise` where it lacks it. */
  needs?: { cap: 'liveRename' } | { kind: string };
  otherwise?: CaseExpect;
}

/** A change of the world outside Netlink: the netns disappears (`ip netns del`). */
export interface WorldStep {
  world: 'removeNetns';
  netns: 'a' | 'b';
}

export type CaseStep = CallStep | WorldStep;

/** A case: a name and its steps, run in fresh netns "@a" and "@b" (lo down, as `ip netns add` leaves them). */
export interface NetlinkCase {
  name: string;
  steps: CaseStep[];
}

/** The world a case runs in: the Netlink under test, the paths behind the symbolic netns, and its capabilities. */
export interface CaseWorld {
  nl: TestNetlink;
  paths: Record<CaseNetns, string>;
  caps: KernelCaps;
  removeNetns(which: 'a' | 'b'): Promise<void> | void;
}

/** runNetlinkCase runs every step and returns one line per mismatch (empty when the implementation agrees). */
export async function runNetlinkCase(c: NetlinkCase, world: CaseWorld): Promise<string[]> {
  const mismatches: string[] = [];
  for (const [i, step] of c.steps.entries()) {
    if ('world' in step) {
      await world.removeNetns(step.netns);
      continue;
    }
    const want = expectationFor(step, world.caps);
    const got = await callStep(step, world);
    const diff = compare(want, got);
    if (diff) mismatches.push(`step ${i} @${step.netns} ${step.call}(${JSON.stringify(step.args)}): ${diff}`);
  }
  return mismatches;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

async function callStep(step: CallStep, world: CaseWorld): Promise<Outcome> {
  const args = resolveRefs(step.args, world) as unknown[];
  const path = world.paths[step.netns];
  try {
    let value: unknown;
    if (step.call === 'checkNetns') {
      value = await world.nl.checkNetns(path);
    } else {
      const scope = world.nl.pod(path);
      value = await (scope[step.call] as (...a: unknown[]) => Promise<unknown>).apply(scope, args);
    }
    return { ok: true, value: viewOf(step.view ?? 'raw', value) };
  } catch (e) {
    return { ok: false, error: e as Error };
  }
}

function expectationFor(step: CallStep, caps: KernelCaps): CaseExpect {
  if (!step.needs || !step.otherwise) return step.expect;
  const has = 'cap' in step.needs ? caps[step.needs.cap] : caps.kinds.includes(step.needs.kind);
  return has ? step.expect : step.otherwise;
}

function compare(want: CaseExpect, got: Outcome): string | undefined {
  if ('ok' in want) {
    if (!got.ok) return `expected success, got ${got.error.name}: ${got.error.message}`;
    if ('value' in want && canonical(got.value) !== canonical(want.value)) {
      return `expected ${JSON.stringify(want.value)}, got ${JSON.stringify(got.value)}`;
    }
    return undefined;
  }
  if (got.ok) return `expected ${want.error}, got success ${JSON.stringify(got.value)}`;
  const e = got.error as Error & { kind?: string; batchIndex?: number };
  const actual = `${e.name}${e.kind ? `(${e.kind})` : ''}${e.batchIndex !== undefined ? `@${e.batchIndex}` : ''}: ${e.message}`;
  if (e.name !== want.error) return `expected ${want.error}, got ${actual}`;
  if (want.kind !== undefined && e.kind !== want.kind) return `expected kind ${want.kind}, got ${actual}`;
  if (want.batchIndex !== undefined && e.batchIndex !== want.batchIndex) return `expected batchIndex ${want.batchIndex}, got ${actual}`;
  return undefined;
}

/** resolveRefs replaces "@b"-style strings by the scopes of those netns, recursively. */
function resolveRefs(v: unknown, world: CaseWorld): unknown {
  if (typeof v === 'string' && v.startsWith('@') && v.slice(1) in world.paths) return world.nl.pod(world.paths[v.slice(1) as CaseNetns]);
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, world));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, world)]));
  return v;
}

/**
 * viewOf keeps what both implementations must agree on. Left out on purpose: ifindexes and MACs (kernel-chosen),
 * IPv6 link-local addresses and their fe80::/64 routes (the kernel adds them once a link has carrier; the fake does
 * not model carrier), and local-table routes (the fake keeps none).
 */
function viewOf(view: CaseView, v: unknown): unknown {
  switch (view) {
    case 'raw':
      return v;
    case 'link':
      return v === undefined ? undefined : linkView(v as LinkInfo);
    case 'linkNames':
      return (v as LinkInfo[]).map((l) => l.name).sort();
    case 'addrs':
      return (v as AddrInfo[])
        .filter((a) => !a.address.toLowerCase().startsWith('fe80:'))
        .map((a) => `${a.ifName} ${a.address} ${a.scope ?? 'global'}`)
        .sort();
    case 'routes':
      return (v as RouteSpec[]).filter((r) => !r.dst.toLowerCase().startsWith('fe80:')).map(routeView).sort();
    case 'rules':
      return (v as RuleSpec[]).map((r) => JSON.stringify(sortKeys(r)));
    case 'failures':
      return (v as BatchFailure[]).map((f) => `${f.index} ${f.error.name}${(f.error as { kind?: string }).kind ? `(${(f.error as { kind?: string }).kind})` : ''}`);
  }
}

function linkView(l: LinkInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { name: l.name, mtu: l.mtu, up: l.up };
  if (l.kind) out.kind = l.kind;
  if (l.parentName) out.parentName = l.parentName;
  if (l.master) out.master = l.master;
  if (l.ipvlanMode) out.ipvlanMode = l.ipvlanMode;
  return out;
}

function routeView(r: RouteSpec): string {
  const copy: RouteSpec = { ...r };
  if (copy.nexthops) copy.nexthops = [...copy.nexthops].map((h) => sortKeys(h)).sort((x, y) => x.gw.localeCompare(y.gw));
  return JSON.stringify(sortKeys(copy));
}

function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))) as T;
}

/** canonical renders a value with sorted keys (values may come from another realm, e.g. structuredClone in Jest). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? sortKeys(x) : x)) ?? 'undefined';
}
