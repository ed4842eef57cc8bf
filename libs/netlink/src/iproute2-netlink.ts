import type { CommandOutput, CommandRunner } from '@plexus/exec';
import { batchInput, parseBatchFailures, planBatch, type BatchGroup } from './batch-plan';
import { checkToken, familyFlag, linkSetCommand, renderOp } from './commands';
import { LinkNotFoundError, NetlinkError, NetnsNotFoundError, NotANetnsError, type BatchPosition } from './errors';
import { mapIpError } from './map-error';
import { KernelNetlink } from './kernel-netlink';
import type { BatchFailure } from './netlink';
import type { AddrInfo, LinkInfo, RouteSpec, RuleSpec } from './kernel-objects';
import { pathOf, type IpvlanRequest, type NetnsKernel, type NetnsTarget } from './netns-kernel';
import type { NetlinkOp } from './ops';
import { NSFS_MAGIC, statfsNetnsProbe, type NetnsProbe } from './netns-probe';
import { parseAddrs } from './parse-addrs';
import { parseLinks } from './parse-links';
import { parseRoutes } from './parse-routes';
import { parseRules } from './parse-rules';
import { sysctlPath } from './sysctl-key';

/** Options of IpRoute2Netlink; the defaults suit production. */
export interface IpRoute2Options {
  /** The iproute2 binary (resolved through PATH). */
  ip?: string;
  nsenter?: string;
  /** How checkNetns reads a path's filesystem type (statfs by default). */
  probe?: NetnsProbe;
  /** Extra attempts of a listing whose dump the kernel interrupted (Go's netlinksafe retries too). */
  dumpRetries?: number;
  /** Kill a command that hangs after this many milliseconds. */
  timeoutMs?: number;
}

/** What one `ip` run needs: its arguments, the netns and optional stdin. */
interface IpRun {
  args: string[];
  netns?: string;
  input?: string;
}

const DUMP_INTERRUPTED = /Dump was interrupted/;
const FIB_TABLE_MISSING = /FIB table does not exist/;

/**
 * IpRoute2Netlink implements Netlink with iproute2: `ip -json` for reading, `ip -batch -` for many changes in one
 * process, and `nsenter --net=PATH` to run inside a netns given by path. Node cannot setns(2) one thread, so
 * entering a netns always means starting the command inside it; this process never changes namespace.
 * It implements the test-only TestNetlink too, so kernel e2e tests build their worlds with it.
 */
export class IpRoute2Netlink extends KernelNetlink {
  constructor(runner: CommandRunner, opts: IpRoute2Options = {}) {
    super(new IpRoute2Kernel(runner, opts));
  }
}

/** IpRoute2Kernel runs each operation with `ip` (or `tee`/`cat` for sysctls) in the netns it is given. */
class IpRoute2Kernel implements NetnsKernel {
  private readonly ip: string;
  private readonly nsenter: string;
  private readonly probe: NetnsProbe;
  private readonly dumpRetries: number;
  private readonly timeoutMs: number | undefined;

  constructor(
    private readonly runner: CommandRunner,
    opts: IpRoute2Options = {},
  ) {
    this.ip = opts.ip ?? 'ip';
    this.nsenter = opts.nsenter ?? 'nsenter';
    this.probe = opts.probe ?? statfsNetnsProbe;
    this.dumpRetries = opts.dumpRetries ?? 2;
    this.timeoutMs = opts.timeoutMs;
  }

  async checkNetns(netns: string): Promise<void> {
    let type: number;
    try {
      type = await this.probe.fsTypeOf(netns);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        throw new NetnsNotFoundError(netns);
      }
      throw e;
    }
    if (type !== NSFS_MAGIC) throw new NotANetnsError(netns);
  }

  async listLinks(ns: NetnsTarget): Promise<LinkInfo[]> {
    return parseLinks(await this.show(['-json', '-details', 'link', 'show'], pathOf(ns)));
  }

  async getLink(ns: NetnsTarget, name: string): Promise<LinkInfo> {
    // The whole list, not `show dev NAME`: iproute2 names a same-netns parent ("link":"eth0") without its index,
    // which only the full listing can resolve. Still one process.
    const link = (await this.listLinks(ns)).find((l) => l.name === checkToken(name, 'link name'));
    if (!link) throw new LinkNotFoundError(name, pathOf(ns));
    return link;
  }

  async findLink(ns: NetnsTarget, name: string): Promise<LinkInfo | undefined> {
    try {
      return await this.getLink(ns, name);
    } catch (e) {
      if (e instanceof LinkNotFoundError) return undefined;
      throw e;
    }
  }

  async addIpvlan(ns: NetnsTarget, o: IpvlanRequest): Promise<void> {
    const args = ['link', 'add', checkToken(o.name, 'link name'), 'link', checkToken(o.master, 'ipvlan master')];
    if (o.mtu !== undefined) args.push('mtu', String(o.mtu));
    if (o.targetNetns !== undefined) args.push('netns', checkToken(o.targetNetns, 'netns path'));
    args.push('type', 'ipvlan', 'mode', o.mode);
    await this.change({ args, netns: pathOf(ns) });
  }

  async addVeth(ns: NetnsTarget, name: string, peerName: string, peerNetns: string | undefined): Promise<void> {
    const args = ['link', 'add', checkToken(name, 'link name'), 'type', 'veth', 'peer', 'name', checkToken(peerName, 'peer name')];
    if (peerNetns !== undefined) args.push('netns', checkToken(peerNetns, 'netns path'));
    await this.change({ args, netns: pathOf(ns) });
  }

  async addBridge(ns: NetnsTarget, name: string): Promise<void> {
    await this.change({ args: ['link', 'add', checkToken(name, 'link name'), 'type', 'bridge'], netns: pathOf(ns) });
  }

  async addDummy(ns: NetnsTarget, name: string): Promise<void> {
    await this.change({ args: ['link', 'add', checkToken(name, 'link name'), 'type', 'dummy'], netns: pathOf(ns) });
  }

  async moveLink(ns: NetnsTarget, name: string, toNetns: string): Promise<void> {
    try {
      await this.change({ args: linkSetCommand(name, 'netns', toNetns), netns: pathOf(ns) });
    } catch (e) {
      // iproute2 reports a target netns it cannot open as a usage error; say which, with the typed error.
      if (e instanceof NetlinkError && /Invalid "netns" value/.test(e.stderr)) await this.checkNetns(toNetns);
      throw e;
    }
  }

  async listAddrs(ns: NetnsTarget, ifName: string | undefined): Promise<AddrInfo[]> {
    const args = ['-json', 'addr', 'show'];
    if (ifName !== undefined) args.push('dev', checkToken(ifName, 'link name'));
    return parseAddrs(await this.show(args, pathOf(ns)));
  }

  async listRoutes(ns: NetnsTarget, family: 4 | 6, opts: { table?: number | 'all'; dev?: string }): Promise<RouteSpec[]> {
    const table = opts.table ?? 254;
    const args = ['-N', '-json', '-details', familyFlag(family), 'route', 'show', 'table', String(table)];
    if (opts.dev !== undefined) args.push('dev', checkToken(opts.dev, 'link name'));
    let out: string;
    try {
      out = await this.show(args, pathOf(ns));
    } catch (e) {
      // Listing a table nobody has put a route in yet is "no routes", not an error.
      if (e instanceof NetlinkError && FIB_TABLE_MISSING.test(e.stderr)) return [];
      throw e;
    }
    return parseRoutes(out, { family, table: table === 'all' ? undefined : table, dev: opts.dev });
  }

  async listRules(ns: NetnsTarget, family: 4 | 6): Promise<RuleSpec[]> {
    return parseRules(await this.show(['-N', '-json', familyFlag(family), 'rule', 'show'], pathOf(ns)), family);
  }

  async setSysctl(ns: NetnsTarget, key: string, value: string): Promise<void> {
    // `tee FILE` with the value on stdin: no shell, so neither key nor value is ever interpreted.
    const path = sysctlPath(key);
    const out = await this.exec('tee', [path], pathOf(ns), value);
    if (out.exitCode !== 0) throw this.sysctlError(key, out.stderr, pathOf(ns));
  }

  async getSysctl(ns: NetnsTarget, key: string): Promise<string> {
    const out = await this.exec('cat', [sysctlPath(key)], pathOf(ns));
    if (out.exitCode !== 0) throw this.sysctlError(key, out.stderr, pathOf(ns));
    return out.stdout.trim();
  }

  async apply(ns: NetnsTarget, op: NetlinkOp): Promise<void> {
    await this.change({ args: renderOp(op, true), netns: pathOf(ns) });
  }

  async batch(ns: NetnsTarget, ops: readonly NetlinkOp[]): Promise<void> {
    for (const group of planBatch(ops.map((o) => renderOp(o)))) {
      const failures = await this.runBatch(group, ops, pathOf(ns), false);
      if (failures.length) throw failures[0]!.error;
    }
  }

  async batchAll(ns: NetnsTarget, ops: readonly NetlinkOp[]): Promise<BatchFailure[]> {
    const out: BatchFailure[] = [];
    for (const group of planBatch(ops.map((o) => renderOp(o)))) out.push(...(await this.runBatch(group, ops, pathOf(ns), true)));
    return out;
  }

  /** runBatch runs one group; a failure whose line ip did not report (a syntax error) is thrown at once. */
  private async runBatch(group: BatchGroup, ops: readonly NetlinkOp[], netns: string | undefined, force: boolean): Promise<BatchFailure[]> {
    const args = [...(group.flag ? [group.flag] : []), ...(force ? ['-force'] : []), '-batch', '-'];
    const out = await this.run({ args, netns, input: batchInput(group) });
    if (out.exitCode === 0) return [];
    const lines = parseBatchFailures(out.stderr);
    if (!lines.length) throw mapIpError({ args: ['-batch', ...(group.commands[0] ?? [])], netns, stderr: out.stderr });
    return lines.map(({ line, stderr }) => {
      const body = group.commands[line - 1] ?? [];
      const command = group.flag ? [group.flag, ...body] : body;
      const index = group.offset + line - 1;
      const error = mapIpError({ args: command, netns, stderr });
      if (error instanceof NetnsNotFoundError || error instanceof NotANetnsError) throw error;
      (error as BatchPosition).batchIndex = index;
      error.message = `batch command ${index} failed: ${error.message}`;
      return { index, op: ops[index]!, error };
    });
  }

  /** show runs a read-only command, retrying when the kernel interrupted the dump (the table changed under it). */
  private async show(args: string[], netns: string | undefined): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const out = await this.run({ args, netns });
      const interrupted = DUMP_INTERRUPTED.test(out.stderr);
      if (interrupted && attempt < this.dumpRetries) continue;
      if (out.exitCode !== 0 || interrupted) throw mapIpError({ args: stripListOptions(args), netns, stderr: out.stderr });
      return out.stdout;
    }
  }

  /** change runs a command that modifies the kernel and throws its typed error. */
  private async change(run: IpRun): Promise<void> {
    const out = await this.run(run);
    if (out.exitCode !== 0) throw mapIpError({ args: run.args, netns: run.netns, stderr: out.stderr });
  }

  private run(r: IpRun): Promise<CommandOutput> {
    return this.exec(this.ip, r.args, r.netns, r.input);
  }

  /** exec runs `file args` in the netns: directly in the host netns, else under `nsenter --net=PATH`. */
  private exec(file: string, args: string[], netns: string | undefined, input?: string): Promise<CommandOutput> {
    const opts = { input, timeoutMs: this.timeoutMs };
    if (netns === undefined) return this.runner.run(file, args, opts);
    return this.runner.run(this.nsenter, [`--net=${netns}`, '--', file, ...args], opts);
  }

  private sysctlError(key: string, stderr: string, netns: string | undefined): Error {
    const mapped = mapIpError({ args: ['sysctl', key], netns, stderr });
    if (mapped instanceof NetnsNotFoundError || mapped instanceof NotANetnsError) return mapped;
    const kind = /No such file or directory/.test(stderr) ? 'not-found' : /Invalid argument/.test(stderr) ? 'invalid' : 'other';
    return new NetlinkError(`sysctl ${key} failed${netns ? ` in netns "${netns}"` : ''}: ${stderr.trim()}`, `sysctl ${key}`, stderr, kind);
  }
}

/** stripListOptions drops output options so error mapping sees `route show …` as the object and verb. */
function stripListOptions(args: string[]): string[] {
  return args.filter((a) => !['-N', '-json', '-details'].includes(a));
}
