import { CniCode, CniError } from './errors';

/** The parsed `CNI_ARGS` pairs, in order. */
export type CniArgs = Array<[string, string]>;

/**
 * parseCniArgs splits `K=V;K2=V2` the way Go's types.LoadArgs does: each pair must split into exactly two parts on
 * `=`, else code 7 naming the pair.
 */
export function parseCniArgs(raw: string | undefined): CniArgs {
  if (!raw) return [];
  const out: CniArgs = [];
  for (const part of raw.split(';')) {
    if (part === '') continue;
    const kv = part.split('=');
    if (kv.length !== 2) throw new CniError(CniCode.InvalidConfig, 'invalid CNI_ARGS', `ARGS: invalid pair "${part}"`);
    out.push([kv[0]!, kv[1]!]);
  }
  return out;
}

/**
 * parseCniArgsForDel reads `CNI_ARGS` for a DEL: the well-formed pairs only. A DEL must succeed for an attachment
 * whose ADD was refused for a malformed CNI_ARGS (nothing was added), and the same CNI_ARGS comes with it.
 */
export function parseCniArgsForDel(raw: string | undefined): CniArgs {
  return (raw ?? '').split(';').flatMap((part): CniArgs => {
    const kv = part.split('=');
    return kv.length === 2 ? [[kv[0]!, kv[1]!]] : [];
  });
}

/**
 * checkKnownCniArgs rejects keys a plugin does not know, unless `IgnoreUnknown` is 1/true (Go's LoadArgs rule;
 * containerd always sends IgnoreUnknown=1, and K8S_* keys are common to all plugins).
 */
export function checkKnownCniArgs(args: CniArgs, known: readonly string[]): void {
  if (ignoresUnknown(args)) return;
  const unknown = args.filter(([k]) => k !== 'IgnoreUnknown' && !known.includes(k));
  if (unknown.length) {
    throw new CniError(CniCode.InvalidConfig, 'invalid CNI_ARGS', `ARGS: unknown args ${JSON.stringify(unknown.map(([k, v]) => `${k}=${v}`))}`);
  }
}

/**
 * ignoresUnknown reads `IgnoreUnknown` the way Go's UnmarshallableBool does (1/true/0/false, any case; absent is
 * false); any other value is code 7 naming CNI_ARGS.
 */
export function ignoresUnknown(args: CniArgs): boolean {
  const ignore = args.find(([k]) => k === 'IgnoreUnknown');
  if (!ignore) return false;
  if (/^(1|true)$/i.test(ignore[1])) return true;
  if (/^(0|false)$/i.test(ignore[1])) return false;
  throw new CniError(CniCode.InvalidConfig, 'invalid CNI_ARGS', `IgnoreUnknown must be a boolean, got "${ignore[1]}"`);
}

/**
 * checkCniArgsSyntax is what every plugin checks of `CNI_ARGS` before doing anything (skel, on ADD and CHECK): each
 * pair is `K=V` and `IgnoreUnknown`, if present, is a boolean. Which keys a plugin knows stays the plugin's
 * business (checkKnownCniArgs). Code 7, like the other CNI_ARGS errors: the spec's code 4 is for the *necessary*
 * variables, and CNI_ARGS is optional.
 */
export function checkCniArgsSyntax(raw: string | undefined): CniArgs {
  const args = parseCniArgs(raw);
  ignoresUnknown(args);
  return args;
}

/** getCniArg returns the last value of a key, if present. */
export function getCniArg(args: CniArgs, key: string): string | undefined {
  let v: string | undefined;
  for (const [k, val] of args) if (k === key) v = val;
  return v;
}

/** The pod identity keys every Kubernetes runtime sends; plugins accept them without IgnoreUnknown. */
export const K8S_CNI_ARGS = ['K8S_POD_NAMESPACE', 'K8S_POD_NAME', 'K8S_POD_INFRA_CONTAINER_ID', 'K8S_POD_UID'] as const;
