import { join } from 'node:path';
import type { CommandRunner } from '@plexus/exec';
import { InstallerError, installPlugins, listBuiltPlugins, resolvePlugins, type InstallOutcome } from '@plexus/installer';
import type { AgentFs } from '../agent-fs';
import { renderDispatcherConf } from '../config/render-dispatcher-conf';
import { waitForPrimaryConf, type Sleeper } from '../config/wait-for-primary';
import { checkApiReachable, type KubeClientFactory } from '../credentials/check-api';
import { readServiceAccount } from '../credentials/read-service-account';
import { renderKubeconfig } from '../credentials/render-kubeconfig';
import { resolveApiServer } from '../credentials/resolve-api-server';
import { AgentError } from '../errors';
import { CREDENTIALS_DIR_NAME, DISPATCHER_CONF_NAME, KUBECONFIG_NAME, cacheRootOf, type AgentOptions } from '../options';
import { installNodeRuntime } from '../runtime/install-node-runtime';
import type { PrimaryConf } from '../config/parse-primary-conf';

/** The side effects of one `--once` pass. */
export interface OnceDeps {
  fs: AgentFs;
  runner: CommandRunner;
  env: Record<string, string | undefined>;
  sleeper: Sleeper;
  makeClient: KubeClientFactory;
  log: (line: string) => void;
}

/** What `--once` did. */
export interface OnceReport {
  primary: PrimaryConf;
  confPath: string;
  kubeconfigPath: string;
  plugins: InstallOutcome[];
  runtime?: { path: string; action: 'installed' | 'unchanged' };
}

/** kubeconfigPathIn is where the plugin kubeconfig is written. */
export function kubeconfigPathIn(confDir: string): string {
  return join(confDir, CREDENTIALS_DIR_NAME, KUBECONFIG_NAME);
}

/**
 * runOnce installs the selected plugins, waits for the primary conf, writes the plugin kubeconfig and the
 * dispatcher conf. Every input is checked — dirs, plugin names, service account, API — before the first write, so a
 * bad input leaves the bin and conf dirs as they were; the conf comes last, so the runtime never sees a conf whose
 * plugins or credentials are not in place yet.
 */
export async function runOnce(deps: OnceDeps, opts: AgentOptions): Promise<OnceReport> {
  const { fs } = deps;
  for (const [flag, dir] of [
    ['--cni-bin-dir', opts.cniBinDir],
    ['--cni-conf-dir', opts.cniConfDir],
    ['--from (built plugins)', opts.fromDir],
  ] as const) {
    if (!(await fs.isDirectory(dir))) throw new AgentError('input', `${flag} "${dir}" does not exist or is not a directory`);
  }
  const server = resolveApiServer(opts.apiServer, deps.env);
  const sa = await readServiceAccount(fs, opts.saDir, server);
  const names = selectPlugins(await listBuiltPlugins(fs, opts.fromDir), opts);
  if (opts.nodeRuntime !== undefined && (await fs.readHead(opts.nodeRuntime, 4)) === undefined) {
    throw new AgentError('input', `node runtime "${opts.nodeRuntime}" does not exist (--node-runtime)`);
  }

  const primary = await waitForPrimaryConf(fs, opts.cniConfDir, deps.sleeper, opts.primaryTimeoutMs, opts.pollMs);
  deps.log(`primary CNI conf: ${primary.path} (cniVersion ${primary.cniVersion})`);
  const kubeconfig = renderKubeconfig(server, sa);
  await checkApiReachable(deps.makeClient, kubeconfig, server);

  const runtime = opts.nodeRuntime === undefined ? undefined : await installNodeRuntime(fs, opts.nodeRuntime, opts.cniBinDir);
  const plugins = await installPluginsOrExplain(deps, opts, names.join(','), runtime?.path);

  const kubeconfigPath = kubeconfigPathIn(opts.cniConfDir);
  await fs.mkdirp(join(opts.cniConfDir, CREDENTIALS_DIR_NAME), 0o700);
  await fs.writeAtomic(kubeconfigPath, kubeconfig, 0o600);
  const confPath = join(opts.cniConfDir, DISPATCHER_CONF_NAME);
  await fs.writeAtomic(confPath, renderDispatcherConf({ primary, kubeconfigPath, nodeCacheDir: cacheRootOf(opts), checkpointDir: opts.checkpointDir }), 0o644);
  return { primary, confPath, kubeconfigPath, plugins, runtime };
}

function selectPlugins(available: string[], opts: AgentOptions): string[] {
  if (available.length === 0) throw new AgentError('input', `no built plugins in "${opts.fromDir}" (--from)`);
  try {
    return resolvePlugins(opts.plugins, available, `plugins in ${opts.fromDir}`);
  } catch (e) {
    if (e instanceof InstallerError) throw new AgentError(e.kind === 'usage' ? 'usage' : 'input', `--plugins: ${e.message}`);
    throw e;
  }
}

async function installPluginsOrExplain(deps: OnceDeps, opts: AgentOptions, plugins: string, interpreter: string | undefined): Promise<InstallOutcome[]> {
  try {
    return await installPlugins(
      { fs: deps.fs, runner: deps.runner, env: deps.env, now: () => new Date(deps.sleeper.now()) },
      { fromDir: opts.fromDir, binDir: opts.cniBinDir, plugins, force: false, interpreter },
    );
  } catch (e) {
    if (e instanceof InstallerError) throw new AgentError('input', `installing plugins into "${opts.cniBinDir}": ${e.message}`);
    throw e;
  }
}
