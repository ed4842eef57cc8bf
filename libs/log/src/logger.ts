import { appendFileSync } from 'node:fs';
import { rotateIfFull, type RotateOptions } from './rotate-log-file';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A structured logger; fields are merged into each JSON line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** child returns a logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

/** Where log lines go: a function taking one finished line (with newline). */
export type LogSink = (line: string) => void;

export interface LoggerOptions {
  level?: LogLevel;
  sink: LogSink;
  now?: () => Date;
  fields?: Record<string, unknown>;
}

/** parseLogLevel accepts a level name (case-insensitive); unknown or empty gives the fallback. */
export function parseLogLevel(v: unknown, fallback: LogLevel = 'warn'): LogLevel {
  return (typeof v === 'string' ? logLevelNamed(v) : undefined) ?? fallback;
}

/**
 * logLevelNamed maps a level name (case-insensitive, with Go's and Multus' aliases: warning, panic, fatal, verbose,
 * trace) to a level, or undefined when it names none — a typo a config must be told about, not a silent default.
 */
export function logLevelNamed(name: string): LogLevel | undefined {
  const l = name.toLowerCase();
  if (l === 'warning') return 'warn';
  if (l === 'panic' || l === 'fatal') return 'error';
  if (l === 'verbose' || l === 'trace') return 'debug';
  return (LOG_LEVELS as readonly string[]).includes(l) ? (l as LogLevel) : undefined;
}

/** The level names logLevelNamed accepts, for messages. */
export const LOG_LEVEL_NAMES = [...LOG_LEVELS, 'warning', 'panic', 'fatal', 'verbose', 'trace'] as const;

/** createLogger builds a JSON-lines logger writing to `sink`. */
export function createLogger(opts: LoggerOptions): Logger {
  const min = LOG_LEVELS.indexOf(opts.level ?? 'warn');
  const now = opts.now ?? (() => new Date());
  const base = opts.fields ?? {};
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    try {
      opts.sink(JSON.stringify({ ts: now().toISOString(), level, msg, ...base, ...fields }, errorReplacer) + '\n');
    } catch {
      // Logging must never break a CNI operation.
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, fields: { ...base, ...fields } }),
  };
}

function errorReplacer(_k: string, v: unknown): unknown {
  return v instanceof Error ? { name: v.name, message: v.message } : v;
}

/**
 * fileSink appends synchronously, so the last lines survive a crash or kill. When the file cannot be written (its
 * directory is missing, a read-only disk…) and a `fallback` is given, one warning saying so goes there and every
 * line after it too, instead of the log being lost. With `rotate` (Multus' `logOptions`), a line that would take
 * the file past maxSize first moves it to a timestamped backup, lumberjack-style; a rotation that fails (a
 * read-only directory…) costs the rotation, never the line.
 */
export function fileSink(path: string, fallback?: LogSink, rotate?: RotateOptions): LogSink {
  let failed = false;
  return (line) => {
    if (!failed) {
      try {
        if (rotate) rotateQuietly(path, Buffer.byteLength(line), rotate);
        appendFileSync(path, line, { mode: 0o600 });
        return;
      } catch (e) {
        if (!fallback) throw e;
        failed = true;
        const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        fallback(JSON.stringify({ ts: new Date().toISOString(), level: 'warn', msg: 'cannot write logFile; logging to stderr instead', logFile: path, error: why }) + '\n');
      }
    }
    fallback!(line);
  };
}

function rotateQuietly(path: string, incoming: number, rotate: RotateOptions): void {
  try {
    rotateIfFull(path, incoming, rotate);
  } catch {
    // Keep appending to the full file: a log that grows beats a log that stops.
  }
}

/** noopLogger discards everything (tests, and callers that were not given a logger). */
export const noopLogger: Logger = createLogger({ level: 'silent', sink: () => undefined });
