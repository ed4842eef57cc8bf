import { invalidConfig, readAbsolutePath, type NetConf } from '@plexus/cni-spec';
import { parseLogOptions } from '@plexus/log';
import { FieldProblem, isJsonObject, jsonTypeOf, readBoolean, readList, readWholeNumber } from '@plexus/json-fields';
import { parseConfText } from './parse-conf-text';
import type { ConfList } from './conf-list';
import { MULTUS_DEFAULTS, type MultusOptions } from './multus-options';

/**
 * parseMultusOptions reads the Multus thin-plugin keys that configure behaviour rather than name networks
 * (pure): inline `delegates`, `readinessindicatorfile`, `logToStderr`, `logOptions`, `capabilities`, plus the
 * dispatcher's `mergedResult` and `readinessTimeoutMs`. `delegates` elements are parsed like a NAD's conf now,
 * so a broken inline conf is refused before anything runs.
 */
export function parseMultusOptions(conf: NetConf): MultusOptions {
  const out: MultusOptions = {
    delegates: readDelegates(conf.delegates),
    readinessTimeoutMs: readWholeNumber(conf.readinessTimeoutMs, 'readinessTimeoutMs', 1, 600_000, { unit: 'milliseconds' }) ?? MULTUS_DEFAULTS.readinessTimeoutMs,
    logToStderr: readBoolean(conf.logToStderr, 'logToStderr') ?? true,
    capabilities: readCapabilities(conf.capabilities),
    // Default set by parseDispatcherConfig once `danm` is parsed (DANM merges, Multus does not).
    mergedResult: readBoolean(conf.mergedResult, 'mergedResult') ?? false,
    warnings: [],
  };
  const readiness = readAbsolutePath(conf.readinessindicatorfile, 'readinessindicatorfile');
  if (readiness) out.readinessIndicatorFile = readiness;
  // Validated here for the parsed config; the rotation itself is done by skel's log sink, which reads the same key.
  const rotation = parseLogOptions(conf.logOptions);
  if (rotation) out.logRotation = rotation;
  return out;
}

function readDelegates(raw: unknown): ConfList[] {
  const list = readList(raw, 'delegates') ?? [];
  return list.map((item, i) => {
    const field = `delegates[${i}]`;
    if (!isJsonObject(item)) throw invalidConfig(field, `must be a CNI conf or conflist object, got ${jsonTypeOf(item)}`);
    try {
      return parseConfText(JSON.stringify(item));
    } catch (e) {
      if (e instanceof FieldProblem) throw invalidConfig(e.within(field).field, e.problem);
      throw e;
    }
  });
}

function readCapabilities(raw: unknown): Record<string, boolean> {
  if (raw === undefined || raw === null) return {};
  if (!isJsonObject(raw)) throw invalidConfig('capabilities', `must be an object of booleans, got ${jsonTypeOf(raw)}`);
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'boolean') throw invalidConfig(`capabilities.${k}`, `must be a boolean, got ${jsonTypeOf(v)}`);
  }
  return { ...(raw as Record<string, boolean>) };
}
