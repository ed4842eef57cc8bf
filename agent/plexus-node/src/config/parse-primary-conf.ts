import { isSpecVersion } from '@plexus/cni-spec';
import { AgentError } from '../errors';

/** What the dispatcher conf takes from the primary network's conf. */
export interface PrimaryConf {
  path: string;
  cniVersion: string;
  name: string;
  /** Capabilities any plugin of the primary consumes; the runtime only passes those the first conf declares. */
  capabilities: string[];
}

/**
 * parsePrimaryConf validates the primary conf file (a conf or a conflist) just enough to wrap it: a JSON object
 * with a known `cniVersion`, a `name`, and a `type` (conf) or a non-empty `plugins` list (conflist). Errors name the
 * file and the field.
 */
export function parsePrimaryConf(path: string, text: string): PrimaryConf {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new AgentError('input', `primary CNI conf "${path}" is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new AgentError('input', `primary CNI conf "${path}" is not a JSON object`);
  const conf = doc as Record<string, unknown>;
  const bad = (field: string, why: string) => new AgentError('input', `primary CNI conf "${path}": invalid ${field}: ${why}`);
  if (!isSpecVersion(conf['cniVersion'])) throw bad('cniVersion', `${JSON.stringify(conf['cniVersion'])} is not a known CNI version`);
  if (typeof conf['name'] !== 'string' || conf['name'] === '') throw bad('name', 'must be a non-empty string');
  const plugins = path.endsWith('.conflist') ? conf['plugins'] : [conf];
  if (!Array.isArray(plugins) || plugins.length === 0) throw bad('plugins', 'must be a non-empty list');
  const capabilities = new Set<string>();
  plugins.forEach((p, i) => {
    const field = path.endsWith('.conflist') ? `plugins[${i}]` : '';
    if (typeof p !== 'object' || p === null || typeof (p as Record<string, unknown>)['type'] !== 'string') {
      throw bad(field ? `${field}.type` : 'type', 'must be a string');
    }
    const caps = (p as Record<string, unknown>)['capabilities'];
    if (caps !== undefined) {
      if (typeof caps !== 'object' || caps === null || Array.isArray(caps)) throw bad(field ? `${field}.capabilities` : 'capabilities', 'must be an object');
      for (const [k, v] of Object.entries(caps)) if (v === true) capabilities.add(k);
    }
  });
  return { path, cniVersion: conf['cniVersion'], name: conf['name'], capabilities: [...capabilities].sort() };
}
