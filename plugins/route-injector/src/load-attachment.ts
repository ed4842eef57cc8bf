import { invalidConfig, readPrevResult, type Result } from '@plexus/cni-spec';
import type { CmdArgs } from '@plexus/skel';
import { parseRouteInjectorConfig } from './config/parse-config';
import type { RouteInjectorConf } from './config/types';
import { findPodInterface, type PodInterface } from './pod/find-pod-interface';

/** An attachment as ADD and CHECK see it: the config, prevResult and the pod interface. */
export interface Attachment {
  conf: RouteInjectorConf;
  prev: Result;
  pod: PodInterface;
}

/**
 * loadAttachment reads what ADD and CHECK need. route-injector only makes sense chained after an interface
 * plugin, so a missing prevResult is a config error (7), as in the reference chained plugins.
 */
export function loadAttachment(args: CmdArgs): Attachment {
  const conf = parseRouteInjectorConfig(args.conf);
  const prev = readPrevResult(args.conf);
  if (!prev) throw invalidConfig('prevResult', 'missing: route-injector is a chained plugin and needs the previous plugin\'s result');
  return { conf, prev, pod: findPodInterface(prev, args.ifName) };
}
