import {
  ALL_SPEC_VERSIONS,
  CniCode,
  CniError,
  configAllows,
  decodeNetConf,
  formatResult,
  isSpecVersion,
  toCniError,
} from '@plexus/cni-spec';
import { createLogger, fileSink, parseLogLevel, type Logger, type LogSink } from '@plexus/log';
import { checkRequiredEnv, readCommand } from './required-env';
import type { CmdArgs, Env, InvocationOutput, PluginDefinition } from './types';

/** Side effects the dispatcher needs besides its I/O, injectable for tests. */
export interface DispatchDeps {
  /** sameNetnsAsSelf tells whether a netns path is the plugin's own netns (ADD/DEL there is refused, code 8). */
  sameNetnsAsSelf?: (path: string) => boolean;
  now?: () => Date;
}

/**
 * dispatch runs one CNI invocation of `plugin` and returns what an exec'd plugin would print and exit with.
 * It never throws: every failure becomes a CNI error object on stdout and exit code 1 (libcni parses stdout).
 */
export async function dispatch(plugin: PluginDefinition, env: Env, stdin: string, deps: DispatchDeps = {}): Promise<InvocationOutput> {
  let stderr = '';
  const stderrSink: LogSink = (line) => {
    stderr += line;
  };
  let cniVersion: string | undefined;
  try {
    if (!env.CNI_COMMAND) {
      // Go skel prints an "about" text and exits 0 when run by hand.
      return { stdout: '', stderr: aboutText(plugin), exitCode: 0 };
    }
    const command = readCommand(env);
    if (command === 'VERSION') return { stdout: versionReply(stdin), stderr: '', exitCode: 0 };
    checkRequiredEnv(env, command);
    const conf = decodeNetConf(stdin);
    cniVersion = conf.cniVersion;
    if (!configAllows(conf.cniVersion, command)) {
      throw new CniError(CniCode.IncompatibleVersion, `config version does not allow ${command}`, `config is "${conf.cniVersion}"`);
    }
    if ((command === 'ADD' || command === 'DEL') && env.CNI_NETNS && !/^(1|true)$/i.test(env.CNI_NETNS_OVERRIDE ?? '')) {
      if (deps.sameNetnsAsSelf?.(env.CNI_NETNS)) {
        throw new CniError(CniCode.InvalidNetns, 'invalid CNI_NETNS', `"${env.CNI_NETNS}" is the plugin's own network namespace`);
      }
    }
    const log = buildLogger(plugin, conf, env, command, stderrSink, deps.now);
    const args: CmdArgs = {
      command,
      containerId: env.CNI_CONTAINERID ?? '',
      netns: env.CNI_NETNS ?? '',
      ifName: env.CNI_IFNAME ?? '',
      args: env.CNI_ARGS ?? '',
      path: (env.CNI_PATH ?? '').split(':').filter(Boolean),
      stdin,
      conf,
      env,
      log,
      writeStderr: stderrSink,
    };
    log.debug('invoked', { containerId: args.containerId, ifName: args.ifName, netns: args.netns });
    const handlers = plugin.handlers;
    switch (command) {
      case 'ADD': {
        const result = await handlers.add(args);
        return { stdout: prettyJson(formatResult(result, conf.cniVersion)), stderr, exitCode: 0 };
      }
      case 'DEL':
        await handlers.del(args);
        break;
      case 'CHECK':
        await handlers.check?.(args);
        break;
      case 'STATUS':
        await handlers.status?.(args);
        break;
      case 'GC':
        await handlers.gc?.(args);
        break;
    }
    return { stdout: '', stderr, exitCode: 0 };
  } catch (e) {
    const err = toCniError(e);
    cniVersion ??= peekVersion(stdin);
    if (err.code === CniCode.Internal && e instanceof Error && e.stack) {
      // Unexpected throws keep their stack for the operator, on stderr only.
      stderr += JSON.stringify({ level: 'error', msg: 'internal error', plugin: plugin.name, stack: e.stack }) + '\n';
    }
    return { stdout: prettyJson(err.toJSON(cniVersion && isSpecVersion(cniVersion) ? cniVersion : undefined)), stderr, exitCode: 1 };
  }
}

function buildLogger(plugin: PluginDefinition, conf: CmdArgs['conf'], env: Env, command: string, stderrSink: LogSink, now?: () => Date): Logger {
  const level = parseLogLevel(conf.logLevel ?? env.PLEXUS_LOG_LEVEL, 'warn');
  const file = typeof conf.logFile === 'string' && conf.logFile ? conf.logFile : env.PLEXUS_LOG_FILE;
  const sink = pickSink(file ? fileSink(file) : undefined, stderrSink, conf.logToStderr);
  return createLogger({ level, sink, now, fields: { plugin: plugin.name, cmd: command, containerId: env.CNI_CONTAINERID || undefined } });
}

/**
 * pickSink honours Multus' `logToStderr` when a config sets it: true writes stderr as well as logFile, false keeps
 * stderr quiet (file only, or no log at all). Unset keeps the default: logFile if given, else stderr.
 */
function pickSink(file: LogSink | undefined, stderr: LogSink, logToStderr: unknown): LogSink {
  if (logToStderr === false) return file ?? (() => undefined);
  if (logToStderr === true && file) {
    return (line) => {
      file(line);
      stderr(line);
    };
  }
  return file ?? stderr;
}

/** peekVersion reads cniVersion from stdin for error replies that happen before the config is decoded. */
function peekVersion(stdin: string): string | undefined {
  try {
    const v = (JSON.parse(stdin) as { cniVersion?: unknown }).cniVersion;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** versionReply answers VERSION: the spec says the reply's cniVersion is the one asked with. */
function versionReply(stdin: string): string {
  let asked = '1.1.0';
  try {
    const v = (JSON.parse(stdin || '{}') as { cniVersion?: unknown }).cniVersion;
    if (isSpecVersion(v)) asked = v;
  } catch {
    // A VERSION probe with unreadable stdin still gets the list.
  }
  return prettyJson({ cniVersion: asked, supportedVersions: [...ALL_SPEC_VERSIONS] });
}

declare const __PLEXUS_VERSION__: string | undefined;

/** pluginVersion is the plugin's own version, else the one the bundler stamps in (package version + commit). */
export function pluginVersion(plugin: PluginDefinition): string | undefined {
  return plugin.version ?? (typeof __PLEXUS_VERSION__ === 'string' ? __PLEXUS_VERSION__ : undefined);
}

function aboutText(plugin: PluginDefinition): string {
  const v = pluginVersion(plugin);
  return `CNI ${plugin.name} plugin ${v ? `version ${v}` : 'version unknown'} (Plexus)\nCNI protocol versions supported: ${ALL_SPEC_VERSIONS.join(', ')}\n`;
}

/** prettyJson prints like Go's types.PrintResult (4-space indent). */
export function prettyJson(v: unknown): string {
  return JSON.stringify(v, null, 4) + '\n';
}
