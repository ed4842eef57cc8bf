import { CniCode } from '@plexus/cni-spec';
import { DispatcherCode } from '../../errors/dispatcher-errors';
import { caughtSync } from '../../sources/testing/source-fixture';
import { parseDanmNetwork } from '../../sources/danm/parse-danm-network';
import { readAllocationState, writeAllocationState } from './allocation-state';
import { planAllocation, planRelease } from './plan-allocation';

const ref = { kind: 'DanmNet' as const, namespace: 'ns', name: 'data' };
const s = { network: 'DanmNet ns/data' };
const net = (spec: Record<string, unknown>) => parseDanmNetwork({ metadata: { name: 'data' }, spec } as never, ref);
const state = (allocations: Record<string, [string, string]> = {}, lastIp?: string) =>
  readAllocationState({
    metadata: {},
    spec: { allocations: Object.fromEntries(Object.entries(allocations).map(([ip, [c, i]]) => [ip, { containerId: c, ifName: i }])), ...(lastIp ? { allocationPool: { lastIp } } : {}) },
  });
const owner = { containerId: 'c1', ifName: 'eth1' };
const dual = net({ cidr: '10.0.0.0/29', cidr6: '2001:db8::/125', routes: { '10.9.0.0/16': '10.0.0.1' } });

describe('planAllocation', () => {
  it('allocates next-fit per family, skipping network, gateways and taken addresses', () => {
    const plan = planAllocation(dual, state({ '10.0.0.2': ['c0', 'eth1'] }), { ip: 'dynamic', ip6: 'dynamic' }, owner, s);
    expect(plan.addresses).toEqual(['10.0.0.3/29', '2001:db8::1/125']);
    expect(plan.changed).toBe(true);
    expect(plan.state.cursors).toEqual({ 4: '10.0.0.3', 6: '2001:db8::1' });
    expect(plan.state.allocations.get('10.0.0.3')).toEqual(owner);
  });

  it('continues after the cursor and never hands out the broadcast address', () => {
    const plan = planAllocation(dual, state({}, '10.0.0.5'), { ip: 'dynamic', ip6: 'none' }, owner, s);
    expect(plan.addresses).toEqual(['10.0.0.6/29']);
    const wrapped = planAllocation(dual, state({}, '10.0.0.6'), { ip: 'dynamic', ip6: 'none' }, owner, s);
    expect(wrapped.addresses).toEqual(['10.0.0.2/29']);
  });

  it('is idempotent for the same owner, and replaces a different literal', () => {
    const first = planAllocation(dual, state(), { ip: 'dynamic', ip6: 'none' }, owner, s);
    const again = planAllocation(dual, first.state, { ip: 'dynamic', ip6: 'none' }, owner, s);
    expect(again).toMatchObject({ addresses: first.addresses, changed: false });
    const literal = planAllocation(dual, first.state, { ip: '10.0.0.5', ip6: 'none' }, owner, s);
    expect(literal.addresses).toEqual(['10.0.0.5/29']);
    expect([...literal.state.allocations.keys()]).toEqual(['10.0.0.5']);
    expect(planAllocation(dual, literal.state, { ip: '10.0.0.5', ip6: 'none' }, owner, s).changed).toBe(false);
  });

  it('takes a static address outside the dynamic pool but inside the network (DANM)', () => {
    const pooled = net({ cidr: '10.0.0.0/24', allocationPool: { start: '10.0.0.100', end: '10.0.0.110' } });
    expect(planAllocation(pooled, state(), { ip: '10.0.0.7', ip6: 'none' }, owner, s).addresses).toEqual(['10.0.0.7/24']);
  });

  it('takes nothing for none/none', () => {
    expect(planAllocation(dual, state(), { ip: 'none', ip6: 'none' }, owner, s)).toMatchObject({ addresses: [], changed: false });
  });

  it.each<[string, Record<string, [string, string]>, { ip: string; ip6: string }, number, string]>([
    ['a full pool', { '10.0.0.2': ['a', 'x'], '10.0.0.3': ['b', 'x'], '10.0.0.4': ['c', 'x'], '10.0.0.5': ['d', 'x'], '10.0.0.6': ['e', 'x'] }, { ip: 'dynamic', ip6: 'none' }, DispatcherCode.PoolExhausted, 'full'],
    ['a static address in use', { '10.0.0.4': ['other', 'eth2'] }, { ip: '10.0.0.4', ip6: 'none' }, DispatcherCode.AddressInUse, 'held by container other (eth2)'],
    ['a static address outside', {}, { ip: '10.0.1.4', ip6: 'none' }, CniCode.InvalidConfig, 'outside the network'],
    ['the network address', {}, { ip: '10.0.0.0', ip6: 'none' }, CniCode.InvalidConfig, 'network, broadcast or a gateway'],
    ['the broadcast address', {}, { ip: '10.0.0.7', ip6: 'none' }, CniCode.InvalidConfig, 'network, broadcast or a gateway'],
    ['a gateway', {}, { ip: '10.0.0.1', ip6: 'none' }, CniCode.InvalidConfig, 'network, broadcast or a gateway'],
    ['the v6 network address', {}, { ip: 'none', ip6: '2001:db8::' }, CniCode.InvalidConfig, 'network, broadcast or a gateway'],
    ['a family without a pool', {}, { ip: 'dynamic', ip6: 'none' }, CniCode.InvalidConfig, 'no spec.cidr'],
  ])('refuses %s', (name, allocations, request, code, problem) => {
    const network = name === 'a family without a pool' ? net({ cidr6: '2001:db8::/64' }) : dual;
    const e = caughtSync(() => planAllocation(network, state(allocations), request, owner, s));
    expect(e.code).toBe(code);
    expect(e.details).toContain('network "DanmNet ns/data"');
    expect(e.details).toContain(problem);
  });
});

describe('planRelease and the stored record', () => {
  it('frees every address of the owner only', () => {
    const st = state({ '10.0.0.2': ['c1', 'eth1'], '2001:db8::2': ['c1', 'eth1'], '10.0.0.3': ['c1', 'eth2'] });
    const plan = planRelease(st, owner);
    expect(plan.released.sort()).toEqual(['10.0.0.2', '2001:db8::2']);
    expect([...plan.state.allocations.keys()]).toEqual(['10.0.0.3']);
    expect(planRelease(plan.state, owner)).toMatchObject({ released: [], changed: false });
  });

  it('round-trips through the object, keeping other spec keys', () => {
    const obj = { metadata: { name: 'data' }, spec: { cidr: '10.0.0.0/29', allocationPool: { start: '10.0.0.2' } } };
    const plan = planAllocation(dual, readAllocationState(obj), { ip: 'dynamic', ip6: 'none' }, owner, s);
    const written = writeAllocationState(obj, plan.state);
    expect(written.spec).toEqual({ cidr: '10.0.0.0/29', allocationPool: { start: '10.0.0.2', lastIp: '10.0.0.2' }, allocations: { '10.0.0.2': owner } });
    expect(readAllocationState(written)).toEqual(plan.state);
  });

  it.each([
    [{ allocations: [] }, 'spec.allocations'],
    [{ allocations: { 'not-an-ip': { containerId: 'c', ifName: 'e' } } }, 'spec.allocations["not-an-ip"]'],
    [{ allocations: { '10.0.0.2': 'c1' } }, 'spec.allocations["10.0.0.2"]'],
  ])('refuses a damaged record %j', (spec, field) => {
    expect(() => readAllocationState({ metadata: {}, spec })).toThrow(field);
  });
});
