import type { KubeObject } from '@plexus/k8s';
import { canonicalIp } from '@plexus/ip';
import { FieldProblem, isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import type { DanmOwner } from '../../plan/danm-network';

/**
 * The allocation record kept in the network object itself (DANM keeps its bit arrays there too), so one
 * optimistic-concurrency write reserves an address cluster-wide:
 *   spec.allocations: {"<address>": {"containerId": "...", "ifName": "..."}}
 *   spec.allocationPool.lastIp / spec.allocationPool6.lastIp: the next-fit cursors.
 */
export interface AllocationState {
  /** Canonical address → owner. */
  allocations: Map<string, DanmOwner>;
  /** Last dynamically allocated address per family (next-fit starts after it). */
  cursors: { 4?: string; 6?: string };
}

/** readAllocationState reads the record from a network object; a damaged record is a FieldProblem. */
export function readAllocationState(obj: KubeObject): AllocationState {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const allocations = new Map<string, DanmOwner>();
  const raw = spec.allocations;
  if (raw !== undefined && raw !== null) {
    if (!isJsonObject(raw)) throw new FieldProblem('spec.allocations', `must be an object, got ${jsonTypeOf(raw)}`);
    for (const [ip, owner] of Object.entries(raw)) {
      const field = `spec.allocations["${ip}"]`;
      const canonical = canonicalIp(ip);
      if (!canonical) throw new FieldProblem(field, 'the key is not an IP address');
      if (!isJsonObject(owner) || typeof owner.containerId !== 'string' || typeof owner.ifName !== 'string') {
        throw new FieldProblem(field, 'must be {"containerId": "...", "ifName": "..."}');
      }
      allocations.set(canonical, { containerId: owner.containerId, ifName: owner.ifName });
    }
  }
  const cursors: AllocationState['cursors'] = {};
  const v4 = cursorOf(spec.allocationPool);
  if (v4) cursors[4] = v4;
  const v6 = cursorOf(spec.allocationPool6);
  if (v6) cursors[6] = v6;
  return { allocations, cursors };
}

/** writeAllocationState returns a copy of the object carrying the record (keys sorted, so diffs stay readable). */
export function writeAllocationState(obj: KubeObject, state: AllocationState): KubeObject {
  const spec: Record<string, unknown> = { ...(isJsonObject(obj.spec) ? obj.spec : {}) };
  const sorted = [...state.allocations.entries()].sort(([a], [b]) => a.localeCompare(b));
  spec.allocations = Object.fromEntries(sorted.map(([ip, o]) => [ip, { containerId: o.containerId, ifName: o.ifName }]));
  for (const [family, key] of [[4, 'allocationPool'], [6, 'allocationPool6']] as const) {
    const cursor = state.cursors[family];
    if (cursor) spec[key] = { ...(isJsonObject(spec[key]) ? spec[key] : {}), lastIp: cursor };
  }
  return { ...obj, spec };
}

/** sameOwner compares owners. */
export function sameOwner(a: DanmOwner, b: DanmOwner): boolean {
  return a.containerId === b.containerId && a.ifName === b.ifName;
}

function cursorOf(pool: unknown): string | undefined {
  if (!isJsonObject(pool) || typeof pool.lastIp !== 'string') return undefined;
  return canonicalIp(pool.lastIp);
}
