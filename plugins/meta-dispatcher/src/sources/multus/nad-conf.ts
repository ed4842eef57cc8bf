import type { NetworkAttachmentDefinition } from '@plexus/k8s';
import type { ConfList } from '../../config/conf-list';
import { invalidRequest, type ErrorSubject } from '../../errors/dispatcher-errors';
import { parseConfText } from '../../config/parse-conf-text';
import { findPathValuedKey } from './refuse-nad-paths';
import { FieldProblem } from '@plexus/json-fields';

/**
 * confListFromNad reads a NAD's `spec.config` (pure): a conf or a conflist as a JSON string, with the NAD's name
 * injected when the config has none (Multus' GetCNIConfigFromSpec). Undefined when the spec has no config: the
 * caller then looks for a conf of the NAD's name in confDir. A bad config is code 7 naming `spec.config.<field>`,
 * and so is a path-valued key (`logFile`, `ipam.dataDir`, `kubeconfig`…, see findPathValuedKey): a NAD is
 * namespace-editable, so it may not point root at files. Such delegates need a conf file in confDir instead.
 */
export function confListFromNad(nad: NetworkAttachmentDefinition, s: ErrorSubject): ConfList | undefined {
  const config = nad.spec?.config;
  if (config === undefined || config === null || (typeof config === 'string' && config.trim() === '')) return undefined;
  if (typeof config !== 'string') throw invalidRequest(s, 'spec.config', 'must be a JSON document in a string');
  try {
    const confList = parseConfText(config, { injectName: nad.metadata.name });
    const path = findPathValuedKey(JSON.parse(config));
    if (path) {
      const problem = `${JSON.stringify(path.value)}: a NetworkAttachmentDefinition may not name files (paths are refused in NAD configs); put this config in a conf file in confDir and leave spec.config empty`;
      throw invalidRequest(s, `spec.config.${path.field}`, problem);
    }
    return confList;
  } catch (e) {
    if (e instanceof FieldProblem) throw invalidRequest(s, `spec.config${e.field.startsWith('(') ? '' : `.${e.field}`}`, e.problem);
    throw e;
  }
}
