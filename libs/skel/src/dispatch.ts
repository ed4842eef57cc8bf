import {
  ALL_SPEC_VERSIONS,
  CniCode,
  CniError,
  configAllows,
  decodeNetConf,
  formatResult,
  invalidConfig,
  isSpecVersion,
  readAbsolutePath,
  toCniError,
} from '@plexus/cni-spec';
import { createLogger, fileSink, LOG_LEVEL_NAMES, logLevelNamed, parseLogLevel, parseLogOptions, type Logger, type LogLevel, type LogSink } from '@plexus/log';
import { checkRequiredEnv, readCommand, unusableDelIfName } from './required-env';
import type { CmdArgs, Env, InvocationOutput, PluginDefinition } from './types';

/** Side effects the dispatcher needs besides its I/O, injectable for tests. */
export interface DispatchDeps {
  /** sameNetnsAsSelf tells whether a netns path is the plugin's own netns (ADD/DEL there is refused, code 4). */
  sameNetnsAsSelf?: (path: string) => boolean;
  now?: () => Date;
  /** Aborted when an in-process caller gives up on this invocation (handed to the handler as CmdArgs.signal). */
  signal?: AbortSignal;
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
  let fileLog: Logger | undefined;
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
        // Code 4 like every other unusable CNI_NETNS (missing, not a netns): Go's skel says 8 here, a code the spec
        // does not define; one code for "this netns cannot be used" lets a runtime handle it one way.
        throw new CniError(CniCode.InvalidEnvironment, 'invalid CNI_NETNS', `"${env.CNI_NETNS}" is the plugin's own network namespace`);
      }
    }
    const { log, toFile } = buildLogger(plugin, conf, env, command, stderrSink, deps.now);
    if (toFile) fileLog = log;
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
    if (deps.signal) args.signal = deps.signal;
    log.debug('invoked', { containerId: args.containerId, ifName: args.ifName, netns: args.netns });
    const unusable = unusableDelIfName(env, command);
    if (unusable) {
      log.warn('DEL for an interface name the kernel refuses: it could never have been added, nothing to undo', { ifName: args.ifName, problem: unusable });
      return { stdout: '', stderr, exitCode: 0 };
    }
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
    const internal = err.code === CniCode.Internal && e instanceof Error && e.stack ? e.stack : undefined;
    if (internal) {
      // Unexpected throws keep their stack for the operator, on stderr (and in the log file) only.
      stderr += JSON.stringify({ level: 'error', msg: 'internal error', plugin: plugin.name, stack: internal }) + '\n';
    }
    // The runtime shows the reply, but often nowhere the operator looks: the log file gets it too.
    fileLog?.error('returned error', { code: err.code, error: err.msg, ...(err.details ? { details: err.details } : {}), ...(internal ? { stack: internal } : {}) });
    return { stdout: prettyJson(err.toJSON(cniVersion && isSpecVersion(cniVersion) ? cniVersion : undefined)), stderr, exitCode: 1 };
  }
}

/**
 * buildLogger makes the invocation's logger: level from `logLevel` (a name no level has is refused, code 7: a typo
 * must not silently change what gets logged) or PLEXUS_LOG_LEVEL, lines to `logFile` (an absolute path, code 7
 * otherwise: a relative one lands wherever the runtime was started) or PLEXUS_LOG_FILE, else stderr; a log file
 * that cannot be written falls back to stderr with a warning. `logOptions` (Multus' lumberjack keys, code 7 when
 * malformed) rotates that file by size, keeping maxBackups / maxAge days of backups, gzipped if asked. DEL and GC never fail on these keys — their ADD was
 * refused for the same reason, and a teardown that fails leaves the pod stuck — they log to stderr and say why.
 */
function buildLogger(plugin: PluginDefinition, conf: CmdArgs['conf'], env: Env, command: string, stderrSink: LogSink, now?: () => Date): { log: Logger; toFile: boolean } {
  const teardown = command === 'DEL' || command === 'GC';
  const refused: CniError[] = [];
  const tolerate = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (e) {
      if (!teardown || !(e instanceof CniError)) throw e;
      refused.push(e);
      return fallback;
    }
  };
  const defaultLevel = (): LogLevel => parseLogLevel(env.PLEXUS_LOG_LEVEL, 'warn');
  const level = tolerate(() => readLogLevel(conf.logLevel) ?? defaultLevel(), defaultLevel());
  const file = tolerate(() => readAbsolutePath(conf.logFile, 'logFile') ?? (env.PLEXUS_LOG_FILE || undefined), undefined);
  const rotation = tolerate(() => parseLogOptions(conf.logOptions), undefined);
  const sink = pickSink(file ? fileSink(file, stderrSink, rotation && { ...rotation, ...(now ? { now } : {}) }) : undefined, stderrSink, conf.logToStderr);
  const log = createLogger({ level, sink, now, fields: { plugin: plugin.name, cmd: command, containerId: env.CNI_CONTAINERID || undefined } });
  for (const e of refused) log.warn(`${e.msg} ignored for ${command}: ${e.details ?? ''}`);
  return { log, toFile: !!file };
}

function readLogLevel(v: unknown): LogLevel | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const level = typeof v === 'string' ? logLevelNamed(v) : undefined;
  if (!level) throw invalidConfig('logLevel', `${JSON.stringify(v)} is not a log level; use one of ${LOG_LEVEL_NAMES.join(', ')}`);
  return level;
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
