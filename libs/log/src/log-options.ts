import { invalidConfig } from '@plexus/cni-spec';
import { checkKnownKeys } from '@plexus/json-fields';

/** Multus' `logOptions`: lumberjack rotation of `logFile`, in lumberjack's units. */
export interface LogOptions {
  /** Megabytes (MiB) the file may reach before it is rotated; 0 means the default, 100. */
  maxSize: number;
  /** Days a rotated file is kept; 0 keeps them regardless of age. */
  maxAge: number;
  /** Rotated files kept; 0 keeps them all (maxAge still applies). */
  maxBackups: number;
  /** Gzip rotated files (`<backup>.gz`). */
  compress: boolean;
}

/** Multus' defaults (it sets them before applying `logOptions`), lumberjack's 100 MB size included. */
export const LOG_OPTION_DEFAULTS: Readonly<LogOptions> = { maxSize: 100, maxAge: 5, maxBackups: 5, compress: true };

const LOG_OPTION_KEYS = ['maxSize', 'maxAge', 'maxBackups', 'compress'] as const;

/**
 * parseLogOptions reads a conf's `logOptions` (pure): undefined when absent, Multus' defaults for missing keys, and
 * a code-7 error naming the field for anything else (unknown key, negative or fractional number, non-boolean): the
 * object is untrusted and a typo must not silently keep a log growing forever.
 */
export function parseLogOptions(raw: unknown): LogOptions | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidConfig('logOptions', `must be an object {maxSize, maxAge, maxBackups, compress}, got ${typeName(raw)}`);
  }
  const o = raw as Record<string, unknown>;
  checkKnownKeys(o, 'logOptions', LOG_OPTION_KEYS);
  const d = LOG_OPTION_DEFAULTS;
  return {
    maxSize: readCount(o.maxSize, 'logOptions.maxSize') ?? d.maxSize,
    maxAge: readCount(o.maxAge, 'logOptions.maxAge') ?? d.maxAge,
    maxBackups: readCount(o.maxBackups, 'logOptions.maxBackups') ?? d.maxBackups,
    compress: readFlag(o.compress, 'logOptions.compress') ?? d.compress,
  };
}

function readCount(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) {
    throw invalidConfig(field, `must be a whole number from 0 to 1000000, got ${typeof v === 'number' ? v : typeName(v)}`);
  }
  return v;
}

function readFlag(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidConfig(field, `must be a boolean, got ${typeName(v)}`);
  return v;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
