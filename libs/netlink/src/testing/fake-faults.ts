import { NetlinkError } from '../errors';

/** The Netlink operations a fault can target (batch sub-commands count as the operation they stand for). */
export type FakeOp =
  | 'checkNetns' | 'listLinks' | 'getLink' | 'findLink' | 'addIpvlan' | 'addVeth' | 'addBridge' | 'addDummy'
  | 'moveLink' | 'renameLink' | 'setLinkUp' | 'setLinkDown' | 'setLinkMtu' | 'setLinkMaster' | 'deleteLink'
  | 'listAddrs' | 'addAddr' | 'deleteAddr' | 'listRoutes' | 'addRoute' | 'replaceRoute' | 'appendRoute'
  | 'deleteRoute' | 'listRules' | 'addRule' | 'deleteRule' | 'setSysctl' | 'getSysctl' | 'batch' | 'batchAll';

/** A recorded call. `viaBatch` marks a command that ran inside a batch (no process of its own). */
export interface FakeCall {
  op: FakeOp;
  netns?: string;
  args: unknown[];
  viaBatch?: boolean;
}

/** How to fail: which op (any when omitted), on which matching call, how many times, with what error. */
export interface FaultSpec {
  op?: FakeOp;
  /** 1-based: fail the nth call that matches (default 1). */
  nth?: number;
  /** How many consecutive matching calls fail from the nth on (default 1; Infinity = always). */
  times?: number;
  /** Extra condition on the call (e.g. a particular route). */
  when?: (call: FakeCall) => boolean;
  error?: Error | ((call: FakeCall) => Error);
}

interface ArmedFault extends Required<Pick<FaultSpec, 'nth' | 'times'>> {
  spec: FaultSpec;
  seen: number;
}

/** FaultPlan holds the armed faults of a FakeNetlink and decides, per call, whether one fires. */
export class FaultPlan {
  private readonly faults: ArmedFault[] = [];

  arm(spec: FaultSpec): void {
    this.faults.push({ spec, nth: spec.nth ?? 1, times: spec.times ?? 1, seen: 0 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** errorFor counts the call against every matching fault and returns the error of the first that fires. */
  errorFor(call: FakeCall): Error | undefined {
    let fired: Error | undefined;
    for (const f of this.faults) {
      if (f.spec.op !== undefined && f.spec.op !== call.op) continue;
      if (f.spec.when && !f.spec.when(call)) continue;
      f.seen++;
      if (!fired && f.seen >= f.nth && f.seen < f.nth + f.times) fired = errorOf(f.spec, call);
    }
    return fired;
  }
}

function errorOf(spec: FaultSpec, call: FakeCall): Error {
  if (typeof spec.error === 'function') return spec.error(call);
  if (spec.error) return spec.error;
  return new NetlinkError(`injected fault in ${call.op}`, call.op, 'injected fault', 'other');
}
