import { CniCode, CniError, isCniError, toCniError, type NetConf } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import type { Env } from '@plexus/skel';
import { networkDir } from '../config/store-location';
import { parseMultiNicConfig } from '../config/parse-config';
import { resolveNodeName } from '../config/node-name';
import type { MultiNicDeps } from '../deps';
import { listHostAddresses, memoize } from '../host-addresses';
import { resolveHostIndex } from '../host-index/resolve-host-index';
import { syncL3Routes } from '../l3/sync-l3-routes';
import { readNetworkConfigs } from './read-network-configs';

/** The flag that turns the plugin binary into the route-sync tool (with no CNI_COMMAND set). */
export const SYNC_ROUTES_FLAG = '--sync-routes';

/** The process around the tool, injectable for tests. */
export interface CommandIo {
  argv: readonly string[];
  env: Env;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  stdout(text: string): void;
  log: Logger;
}

/** USAGE is printed for a bad command line. */
export const SYNC_ROUTES_USAGE = `usage: multi-nic-ipam --sync-routes [--config FILE]...
  Syncs the L3 routing table of every multi-nic-ipam network in the given CNI config files (a conf or conflist;
  stdin when no --config): claims or re-finds this host's index, publishes its host IPs, releases the claims of
  deleted Nodes and makes the table match the other hosts' claims. Prints one JSON report per network.
`;

/**
 * runSyncRoutes is the `--sync-routes` command: the same sync an ADD runs when one is due, on demand (from a
 * DaemonSet loop or a systemd timer). Exit code 0 when every network synced, 1 when one failed, 2 for usage.
 */
export async function runSyncRoutes(io: CommandIo, deps: MultiNicDeps): Promise<number> {
  const files: string[] = [];
  const args = io.argv.filter((a) => a !== SYNC_ROUTES_FLAG);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--config' && args[i + 1]) files.push(args[++i]!);
    else {
      io.stdout(JSON.stringify({ error: { code: 2, msg: `unknown argument "${args[i]}"`, details: SYNC_ROUTES_USAGE } }) + '\n');
      return 2;
    }
  }
  const confs: NetConf[] = [];
  try {
    if (files.length) for (const f of files) confs.push(...readNetworkConfigs(await readConfigFile(io, f), `"${f}"`));
    else confs.push(...readNetworkConfigs(await io.readStdin(), 'on stdin'));
  } catch (e) {
    io.stdout(JSON.stringify({ error: toCniError(e).toJSON() }) + '\n');
    return 1;
  }
  let exit = 0;
  for (const conf of confs) {
    try {
      io.stdout(JSON.stringify(await syncOne(conf, io, deps)) + '\n');
    } catch (e) {
      exit = 1;
      io.stdout(JSON.stringify({ network: conf.name, error: toCniError(e).toJSON() }) + '\n');
      if (!isCniError(e)) io.log.error('route sync failed', { network: conf.name, error: e });
    }
  }
  return exit;
}

async function syncOne(conf: NetConf, io: CommandIo, deps: MultiNicDeps): Promise<Record<string, unknown>> {
  const config = parseMultiNicConfig(conf);
  if (config.vlanMode === 'l2') return { network: config.network, skipped: 'vlanMode is l2: no routes' };
  const dir = networkDir(config.dataDir, config.network);
  const nodeName = resolveNodeName(config.nodeName, io.env, deps.hostname);
  const hostAddresses = memoize(async () => listHostAddresses(await deps.netlink()));
  const openStore = () => deps.openHostIndexStore({ kubeconfig: config.kubeconfig, env: io.env });
  const ctx = { config, dir, nodeName, files: deps.files, hostAddresses, now: deps.now, log: io.log };
  const { hostIndex, origin } = await resolveHostIndex({ ...ctx, openStore });
  const report = await syncL3Routes({ ...ctx, hostIndex, store: await openStore(), netlink: await deps.netlink() });
  return {
    network: config.network,
    node: nodeName,
    hostIndex,
    hostIndexFrom: origin,
    table: report.table,
    peers: report.peers,
    added: report.added.map((r) => `${r.dst} via ${r.gw} dev ${r.dev}`),
    removed: report.removed.map((r) => r.dst),
    ruleAdded: report.ruleAdded,
    releasedClaims: report.releasedClaims.map((c) => ({ node: c.nodeName, hostIndex: c.hostIndex })),
  };
}

async function readConfigFile(io: CommandIo, path: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (e) {
    throw new CniError(CniCode.IoFailure, 'cannot read network configuration', `"${path}": ${(e as Error).message}`);
  }
}
