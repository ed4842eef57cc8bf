import { isJsonObject } from '@plexus/json-fields';
import type { ConfList } from '../../config/conf-list';

/**
 * mergeCniArgs merges an attachment's `cni-args` into `args.cni` of every plugin of the conflist (pure; returns a
 * new object). Keys from the annotation win over the NAD's own `args.cni` (Multus, conf.go).
 */
export function mergeCniArgs(confList: ConfList, cniArgs: Record<string, unknown> | undefined): ConfList {
  if (!cniArgs || Object.keys(cniArgs).length === 0) return confList;
  return {
    ...confList,
    plugins: confList.plugins.map((p) => {
      const args = isJsonObject(p.args) ? p.args : {};
      const cni = isJsonObject(args.cni) ? args.cni : {};
      return { ...p, args: { ...args, cni: { ...cni, ...cniArgs } } };
    }),
  };
}
