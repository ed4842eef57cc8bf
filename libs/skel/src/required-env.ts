import { CniCode, CniError, checkCniArgsSyntax, checkContainerIdLength, invalidEnv, unusableIfNameProblem, validateContainerId, validateIfName } from '@plexus/cni-spec';
import type { CniCommand, Env } from './types';

const KNOWN_COMMANDS: readonly CniCommand[] = ['ADD', 'DEL', 'CHECK', 'STATUS', 'GC', 'VERSION'];

/** Which commands need which variable (Go skel's reqForCmdEntry table). */
const REQUIRED: Record<string, readonly CniCommand[]> = {
  CNI_CONTAINERID: ['ADD', 'CHECK', 'DEL'],
  CNI_NETNS: ['ADD', 'CHECK'],
  CNI_IFNAME: ['ADD', 'CHECK', 'DEL'],
  CNI_PATH: ['ADD', 'CHECK', 'DEL', 'GC', 'STATUS'],
};

/** readCommand validates CNI_COMMAND (code 4 for an unknown one). */
export function readCommand(env: Env): CniCommand {
  const cmd = env.CNI_COMMAND ?? '';
  if (!(KNOWN_COMMANDS as readonly string[]).includes(cmd)) {
    throw new CniError(CniCode.InvalidEnvironment, `unknown CNI_COMMAND: ${cmd}`);
  }
  return cmd as CniCommand;
}

/**
 * checkRequiredEnv reports every missing variable at once (empty counts as missing: libcni sets all six, empty
 * where unused) and validates the container id and interface name formats. A DEL's interface name is not checked
 * here: see unusableDelIfName. ADD and CHECK also refuse, before the plugin runs, what would make them fail
 * half-way: a container id too long for the file names it ends up in (ADD only: state keyed by it must never be
 * created) and a malformed CNI_ARGS (`A=b=c`, `IgnoreUnknown=maybe`), which a delegate further down would refuse
 * after earlier steps had run. DEL never refuses these: it must succeed for an attachment whose ADD was refused.
 */
export function checkRequiredEnv(env: Env, command: CniCommand): void {
  const missing = Object.entries(REQUIRED)
    .filter(([name, cmds]) => cmds.includes(command) && !env[name])
    .map(([name]) => name);
  if (missing.length) throw invalidEnv(missing);
  if (env.CNI_CONTAINERID) validateContainerId(env.CNI_CONTAINERID);
  if (env.CNI_CONTAINERID && command === 'ADD') checkContainerIdLength(env.CNI_CONTAINERID);
  if (env.CNI_IFNAME && command !== 'DEL') validateIfName(env.CNI_IFNAME);
  if (command === 'ADD' || command === 'CHECK') checkCniArgsSyntax(env.CNI_ARGS);
}

/**
 * unusableDelIfName returns why a DEL's CNI_IFNAME is a name the kernel refuses, or undefined. Such a DEL is for an
 * attachment that could never have been added (every ADD refuses the name), so it succeeds with nothing to undo —
 * failing it would leave the runtime retrying it for ever (a pod stuck Terminating).
 */
export function unusableDelIfName(env: Env, command: CniCommand): string | undefined {
  if (command !== 'DEL' || !env.CNI_IFNAME) return undefined;
  return unusableIfNameProblem(env.CNI_IFNAME);
}
