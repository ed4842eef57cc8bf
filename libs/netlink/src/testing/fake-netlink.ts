import { KernelNetlink } from '../kernel-netlink';
import { FakeKernel, type FakeNetlinkOptions, type FakeNetnsSnapshot } from './fake-kernel';
import type { FakeCall, FakeOp, FaultSpec } from './fake-faults';

/**
 * FakeNetlink is an in-memory kernel: namespaces (by path) with links, addresses, routes per table, rules and
 * sysctls. It enforces what plugins rely on (missing netns/link errors, EEXIST, a gateway must be on a connected
 * subnet, deleting a link takes its addresses, routes, veth peer and ipvlan children along) and records every
 * call. Faults can be injected by operation or by call number, including inside a batch, to test rollback.
 * Like IpRoute2Netlink it hands out scopes: `fake.host()`, `fake.pod(path)`; the rest is set-up and inspection.
 */
export class FakeNetlink extends KernelNetlink<FakeKernel> {
  constructor(opts: FakeNetlinkOptions = {}) {
    super(new FakeKernel(opts));
  }

  // ---------------------------------------------------------------- test set-up and inspection

  /** Every call, in order (batch ops included, marked viaBatch). Tests may clear it with `calls.length = 0`. */
  get calls(): FakeCall[] {
    return this.kernel.calls;
  }

  /** addNetns creates a namespace at `path` (like `ip netns add`), with `lo` and the default rules. */
  addNetns(path: string): this {
    this.kernel.addNetns(path);
    return this;
  }

  /** removeNetns destroys a namespace (like `ip netns del` of the last reference): its links go, veth peers too. */
  removeNetns(path: string): this {
    this.kernel.removeNetns(path);
    return this;
  }

  /** markNotANetns makes `path` exist but not be a netns (e.g. a leftover regular file). */
  markNotANetns(path: string): this {
    this.kernel.markNotANetns(path);
    return this;
  }

  /** failOn arms a fault: see FaultSpec. `failOn('addRule')` fails the next addRule, direct or in a batch. */
  failOn(op: FakeOp, spec: Omit<FaultSpec, 'op'> = {}): this {
    this.kernel.failOn(op, spec);
    return this;
  }

  /** failAtCall fails the nth call of any operation from now on (1-based, batch ops included). */
  failAtCall(n: number, error?: Error): this {
    this.kernel.failAtCall(n, error);
    return this;
  }

  /** clearFaults disarms every fault. */
  clearFaults(): this {
    this.kernel.clearFaults();
    return this;
  }

  /**
   * processCount is how many processes IpRoute2Netlink would have started for the recorded calls: one per call,
   * one per family run of a batch, none for checkNetns (a statfs).
   */
  processCount(): number {
    return this.kernel.processCount();
  }

  /** ops lists recorded operations as "op" strings (batch ops marked with a leading "batch:"). */
  ops(): string[] {
    return this.kernel.ops();
  }

  /** snapshot copies one namespace's state: the one at `path`, the host's when undefined. */
  snapshot(path?: string): FakeNetnsSnapshot {
    return this.kernel.snapshot(path);
  }

  /** hasNetns tells whether a namespace exists. */
  hasNetns(path: string): boolean {
    return this.kernel.hasNetns(path);
  }
}
