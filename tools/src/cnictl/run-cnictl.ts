import {
  addNetworkList,
  checkNetworkList,
  delNetworkList,
  gcNetworkList,
  ResultCache,
  statusNetworkList,
  type ChainDeps,
  type GcAttachment,
  type RuntimeConf,
} from '@plexus/conflist';
import type { FileStore } from '@plexus/store';
import { containerIdForNetns } from './container-id';
import { CnictlError } from './errors';
import { loadNetworkList } from './load-network';
import { absoluteNetns, type CnictlSettings } from './settings';
import { validateAttachment, validateNetworkName } from './validate-attachment';

/** The cnitool commands. */
export const CNICTL_COMMANDS = ['add', 'check', 'del', 'status', 'gc'] as const;
export type CnictlCommand = (typeof CNICTL_COMMANDS)[number];

/** One cnictl run. */
export interface CnictlRequest {
  command: CnictlCommand;
  network: string;
  /** Required for add/check/del; ignored by status and gc. */
  netns?: string;
  settings: CnictlSettings;
  /** gc: attachments that are still valid. */
  valid?: GcAttachment[];
  cwd: string;
}

/**
 * The side effects of a run. The delegator must exec every plugin, as libcni does (the CLI wires a PluginDelegator
 * with `inProcess: false`), so a Plexus bundle runs exactly as a runtime would run it.
 */
export interface CnictlDeps extends Omit<ChainDeps, 'cache' | 'cniPath' | 'timeoutMs' | 'writeStderr'> {
  fs: Pick<FileStore, 'read' | 'writeAtomic' | 'remove' | 'list'>;
  /** Plugins' stderr, passed through as cnitool does. */
  writeStderr: (text: string) => void;
}

/**
 * runCnictl does what `cnitool <command> <network> <netns>` does: load the network from NETCONFPATH, derive the
 * attachment (container id from the netns path, CNI_IFNAME, CNI_ARGS, CAP_ARGS) and run the list operation of
 * @plexus/conflist with libcni's result cache under the cache dir (so behaviour is exactly libcni's). Returns what goes to stdout (ADD: the final result, 4-space indented like Go's Print); failures throw.
 */
export async function runCnictl(deps: CnictlDeps, req: CnictlRequest): Promise<string> {
  const { settings } = req;
  validateNetworkName(req.network);
  const list = await loadNetworkList(deps.fs, settings.netconfPath, req.network);
  const chain: ChainDeps = {
    ...deps,
    cache: new ResultCache(deps.fs, settings.cacheDir),
    cniPath: settings.cniPath,
    timeoutMs: settings.timeoutMs,
  };
  switch (req.command) {
    case 'status':
      await statusNetworkList(chain, list);
      return '';
    case 'gc':
      await gcNetworkList(chain, list, req.valid ?? []);
      return '';
    default:
      break;
  }
  if (!req.netns) throw new CnictlError(`${req.command} needs a netns path`);
  const netns = absoluteNetns(req.netns, req.cwd);
  const rt: RuntimeConf = {
    containerId: containerIdForNetns(netns),
    netns,
    ifName: settings.ifName,
    cniArgs: settings.cniArgs,
    capabilityArgs: settings.capabilityArgs,
  };
  // ADD is validated by the list engine before each exec, with libcni's message; CHECK and DEL are not in libcni.
  if (req.command !== 'add') validateAttachment(rt);
  switch (req.command) {
    case 'add':
      return JSON.stringify(await addNetworkList(chain, list, rt), null, 4) + '\n';
    case 'check':
      await checkNetworkList(chain, list, rt);
      return '';
    case 'del':
      await delNetworkList(chain, list, rt);
      return '';
  }
}
