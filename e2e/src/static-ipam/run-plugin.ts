import { join } from 'node:path';
import { REFERENCE_PLUGIN_DIR, buildPlugins, builtPluginPath, execCni, type CniOutput } from '../support';

/** Debian's containernetworking-plugins build of the reference `static` IPAM (spec ≤ 1.0.0). */
export const REFERENCE_STATIC = join(REFERENCE_PLUGIN_DIR, 'static');
/** Our bundle, as `node tools/build/build-plugin.mjs static-ipam` writes it. */
export const OUR_STATIC = builtPluginPath('static-ipam');

/** What one exec of a plugin produced. */
export type PluginRun = CniOutput;

/** One invocation: command, stdin and CNI_ARGS, plus env changes (a value of undefined removes the variable). */
export interface Invocation {
  command: 'ADD' | 'CHECK' | 'DEL';
  stdin: string;
  cniArgs?: string;
  env?: Record<string, string | undefined>;
}

/**
 * runPlugin execs a CNI plugin binary the way libcni does, with the fixed identity both IPAMs of the differential
 * test get: a container ID, a netns path that does not exist (an IPAM plugin never enters it) and eth0.
 */
export function runPlugin(binary: string, inv: Invocation): PluginRun {
  return execCni(binary, {
    ...inv,
    containerId: 'plexus-e2e-static',
    netns: '/var/run/netns/plexus-e2e-static-does-not-exist',
    ifName: 'eth0',
    path: REFERENCE_PLUGIN_DIR,
  });
}

/** buildStaticIpam bundles our plugin so the test runs the current source. */
export function buildStaticIpam(): void {
  buildPlugins('static-ipam');
}
