import { Command, CommanderError, Option } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { AgentError } from '../errors';
import type { AgentOptions } from '../options';

/** The defaults of the command-line contract (the DaemonSet and the tests rely on them). */
export const AGENT_DEFAULTS = {
  cniBinDir: '/opt/cni/bin',
  cniConfDir: '/etc/cni/net.d',
  saDir: '/var/run/secrets/kubernetes.io/serviceaccount',
  runDir: '/run/plexus',
  checkpointDir: '/var/lib/cni/plexus/meta-dispatcher',
} as const;

/** What the defaults depend on besides argv. */
export interface ArgsContext {
  env: Record<string, string | undefined>;
  /** Directory of the running bundle (dist/tools or the image's /plexus/tools): the plugins are in ../bin. */
  scriptDir: string;
  /** The node binary running the agent (copied beside the plugins unless --node-runtime none). */
  execPath: string;
}

/**
 * parseAgentArgs turns argv into AgentOptions. Pure apart from commander: a bad flag is an AgentError('usage')
 * naming it, never a process.exit from inside the parser.
 */
export function parseAgentArgs(argv: string[], ctx: ArgsContext): AgentOptions {
  const program = new Command('plexus-node')
    .description('Plexus node agent: installs the CNI plugins, writes the dispatcher conf and kubeconfig, keeps the node-local cache.')
    .option('--once', 'install, write config and credentials, then exit', false)
    .option('--cni-bin-dir <dir>', 'CNI plugin dir', AGENT_DEFAULTS.cniBinDir)
    .option('--cni-conf-dir <dir>', 'CNI conf dir', AGENT_DEFAULTS.cniConfDir)
    .option('--plugins <names>', 'comma-separated plugins to install, or "all"', 'all')
    .option('--cleanup-config-on-exit', 'remove our conf on SIGTERM (daemon)', false)
    .option('--sa-dir <dir>', 'service-account dir (token, ca.crt)', AGENT_DEFAULTS.saDir)
    .option('--api-server <url>', 'API server URL (default https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT)')
    .option('--node-name <name>', 'this node (default $NODE_NAME)')
    .option('--from <dir>', 'where the built plugins are (default: ../bin beside this program)')
    .option('--node-runtime <path>', 'node binary installed beside the plugins for hosts without node; "none" keeps their shebang')
    .addOption(new Option('--primary-timeout <seconds>', 'how long to wait for the primary CNI conf (0 = forever)').default('0'))
    .addOption(new Option('--poll-interval <ms>', 'poll interval for the conf dir and token').default('1000'))
    .option('--run-dir <dir>', 'node-local cache and write-behind socket', AGENT_DEFAULTS.runDir)
    .option('--metrics-port <port>', '127.0.0.1 port for /healthz and /metrics', '9402')
    .option('--checkpoint-dir <dir>', "the meta-dispatcher's checkpoint dir (conf cacheDir; read by GC)", AGENT_DEFAULTS.checkpointDir)
    .option('--gc-interval <seconds>', 'seconds between GC passes of sandboxes whose pod is gone (0 = off)', '300')
    .option('--gc-grace <seconds>', 'never collect a checkpoint younger than this', '120')
    .option('--gc-cni-path <path>', 'CNI_PATH for the DELs GC runs (default: the bin dir)')
    .option('--multi-nic-interval <seconds>', 'seconds between multi-nic-ipam claim revalidation and route sync passes (0 = off)', '60')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
    .allowExcessArguments(false);
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) throw new AgentError('usage', e.message.replace(/^error: /, ''));
    throw e;
  }
  const o = program.opts<Record<string, string | boolean | undefined>>();
  const str = (k: string) => o[k] as string | undefined;
  const runtime = str('nodeRuntime') ?? ctx.execPath;
  return {
    once: o['once'] === true,
    cniBinDir: resolve(str('cniBinDir')!),
    cniConfDir: resolve(str('cniConfDir')!),
    plugins: str('plugins')!,
    cleanupConfigOnExit: o['cleanupConfigOnExit'] === true,
    saDir: resolve(str('saDir')!),
    apiServer: str('apiServer'),
    nodeName: str('nodeName') ?? (ctx.env['NODE_NAME'] || undefined),
    fromDir: resolve(str('from') ?? join(dirname(resolve(ctx.scriptDir)), 'bin')),
    nodeRuntime: runtime === 'none' ? undefined : resolve(runtime),
    primaryTimeoutMs: parseNumber('--primary-timeout', str('primaryTimeout')!) * 1000,
    pollMs: Math.max(10, parseNumber('--poll-interval', str('pollInterval')!)),
    runDir: resolve(str('runDir')!),
    metricsPort: parseNumber('--metrics-port', str('metricsPort')!),
    checkpointDir: resolve(str('checkpointDir')!),
    gcIntervalS: parseNumber('--gc-interval', str('gcInterval')!),
    gcGraceS: parseNumber('--gc-grace', str('gcGrace')!),
    gcCniPath: str('gcCniPath'),
    multiNicIntervalS: parseNumber('--multi-nic-interval', str('multiNicInterval')!),
  };
}

function parseNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new AgentError('usage', `${flag} "${value}": expected a non-negative integer`);
  return n;
}
