import { invalidConfig } from '@plexus/cni-spec';
import { checkKnownKeys, readBoolean, readObject, readString } from '@plexus/json-fields';
import { DISPATCHER_DEFAULTS, type DanmOptions } from './dispatcher-config';
import { dnsLabelProblem } from './kube-names';

const DANM_KEYS = ['enabled', 'defaultNetwork', 'namingScheme'] as const;
const NAMING_SCHEMES = ['indexed', 'legacy'] as const;

/**
 * parseDanmOptions reads the `danm` key: `{enabled, defaultNetwork, namingScheme}`. `true`/`false` is short for
 * `{enabled: …}`; an object without `enabled` means enabled (writing the section is the intent).
 */
export function parseDanmOptions(raw: unknown): DanmOptions {
  const out: DanmOptions = { enabled: false, defaultNetwork: DISPATCHER_DEFAULTS.danmDefaultNetwork, namingScheme: 'indexed' };
  if (raw === undefined || raw === null) return out;
  if (typeof raw === 'boolean') return { ...out, enabled: raw };
  const o = readObject(raw, 'danm')!;
  checkKnownKeys(o, 'danm', DANM_KEYS);
  out.enabled = readBoolean(o.enabled, 'danm.enabled') ?? true;
  const def = readString(o.defaultNetwork, 'danm.defaultNetwork');
  if (def !== undefined) {
    const problem = def === '' ? undefined : dnsLabelProblem(def);
    if (problem) throw invalidConfig('danm.defaultNetwork', `network name "${def}" ${problem}`);
    out.defaultNetwork = def;
  }
  const scheme = readString(o.namingScheme, 'danm.namingScheme');
  if (scheme !== undefined) {
    if (!(NAMING_SCHEMES as readonly string[]).includes(scheme)) {
      throw invalidConfig('danm.namingScheme', `"${scheme}" must be one of ${NAMING_SCHEMES.join(', ')}`);
    }
    out.namingScheme = scheme as DanmOptions['namingScheme'];
  }
  return out;
}
