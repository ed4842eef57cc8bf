import {
  LinkNotFoundError,
  NetlinkError,
  NetnsNotFoundError,
  NotANetnsError,
  RouteNotFoundError,
  RuleNotFoundError,
  type NetlinkErrorKind,
} from './errors';

/** What failed: the `ip` arguments (family flag allowed first) and the netns it ran in. */
export interface FailedCommand {
  args: readonly string[];
  netns?: string;
  stderr: string;
}

/**
 * mapIpError turns the stderr of a failed `nsenter`/`ip` run into a typed error. Messages observed with
 * iproute2 6.1 on Linux 6.x:
 * - `nsenter: cannot open PATH: No such file or directory` → NetnsNotFoundError;
 *   `nsenter: reassociate to namespace 'ns/net' failed: Invalid argument` → NotANetnsError;
 * - `Cannot find device "X"`, `Device "X" does not exist.` → LinkNotFoundError;
 * - `route del` of a missing route → `RTNETLINK answers: No such process` (ESRCH), or `Error: FIB table does not
 *   exist.` when its table has never had a route → RouteNotFoundError;
 *   `rule del` of a missing rule → `RTNETLINK answers: No such file or directory` (ENOENT) → RuleNotFoundError;
 * - `File exists`, `Address already assigned`, `An interface with the same name exists in the target netns` → kind
 *   `exists`;
 * - `Operation not supported`, `Unknown device type` (no ipvlan/dummy module) → kind `not-supported`;
 * - `Address not found`, `Cannot assign requested address`, missing /proc/sys file → kind `not-found`;
 * - `Invalid argument`, `Nexthop has invalid gateway`, `mtu less than device minimum`, usage errors → kind `invalid`;
 * - `Nexthop device is not up` (ENETDOWN) → kind `other`.
 */
export function mapIpError(f: FailedCommand): Error {
  const stderr = f.stderr.trim();
  const line = commandText(f.args);
  const where = f.netns ? ` in netns "${f.netns}"` : '';
  if (f.netns && /nsenter: cannot open .*No such file or directory/.test(stderr)) return new NetnsNotFoundError(f.netns);
  if (f.netns && /nsenter: reassociate to namespace .* failed/.test(stderr)) return new NotANetnsError(f.netns);
  const dev = /Cannot find device "([^"]*)"/.exec(stderr) ?? /Device "([^"]*)" does not exist/.exec(stderr);
  if (dev) return new LinkNotFoundError(dev[1]!, f.netns);
  const [object, verb] = objectAndVerb(f.args);
  if (object === 'route' && verb === 'del' && /No such process|ESRCH|FIB table does not exist/.test(stderr)) {
    return new RouteNotFoundError(`route not found${where}: ${line}`);
  }
  if (object === 'rule' && verb === 'del' && /No such file or directory|ENOENT|No such process/.test(stderr)) {
    return new RuleNotFoundError(`rule not found${where}: ${line}`);
  }
  const kind = kindOf(stderr);
  return new NetlinkError(`ip ${line} failed${where}: ${firstLine(stderr) || 'unknown error'}`, line, stderr, kind);
}

function kindOf(stderr: string): NetlinkErrorKind {
  if (/File exists|already assigned|already exists|with the same name exists/i.test(stderr)) return 'exists';
  if (/Operation not supported|Unknown device type|not supported/i.test(stderr)) return 'not-supported';
  if (/Address not found|Cannot assign requested address|No such file or directory/i.test(stderr)) return 'not-found';
  if (/Invalid argument|invalid|is expected|unknown|Usage:|Error: argument|mtu (?:less|greater) than device/i.test(stderr)) return 'invalid';
  return 'other';
}

/** objectAndVerb skips a leading family flag: ["-6","route","del",…] → ["route","del"]. */
function objectAndVerb(args: readonly string[]): [string | undefined, string | undefined] {
  const rest = args[0] === '-4' || args[0] === '-6' ? args.slice(1) : args;
  return [rest[0], rest[1]];
}

/** commandText renders arguments as one line for messages. */
export function commandText(args: readonly string[]): string {
  return args.join(' ');
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '') ?? '';
}
