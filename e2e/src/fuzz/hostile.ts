import fc from 'fast-check';

/** Every CNI spec version, and version strings no plugin supports. */
export const CNI_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];
const BAD_VERSIONS = ['', '2.0.0', '1.1', '1.0.0-rc1', 'latest', ' 1.0.0', '0.0.0'];

/**
 * hostileString: what an attacker or a typo puts in a string. Paths are confined to the sandbox: absolute ones
 * under `sandbox`, relative ones at most three levels up (plugins run with the sandbox's deep cwd), so no generated
 * value can make a root plugin touch a real file.
 */
export function hostileString(sandbox: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '',
      '\u0000',
      'eth\u00000',
      'a\nb',
      ' ',
      '.',
      '..',
      '../../..',
      '../../../escape',
      'rel/dir',
      'a/b',
      'a:b',
      'eth0 ',
      'ethà',
      'ｅｔｈ０',
      '\ud800',
      '$(touch pwned)',
      '${HOME}',
      '`id`',
      '-rf',
      '%00',
      '\\',
      '0x10',
      '1e999',
      'NaN',
      'null',
      '10.0.0.1/33',
      '10.0.0.256/24',
      '::/0',
      '0.0.0.0/0',
      'fe80::1%eth0/64',
    ),
    fc.constantFrom(`${sandbox}/x`, `${sandbox}/w/o/r/k/../../../../x`, `${sandbox}/missing/dir/file`, `${sandbox}/\u0000`),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer({ min: 16, max: 300 }).map((n) => 'e'.repeat(n)),
    fc.constantFrom(70_000, 1 << 20).map((n) => 'x'.repeat(n)),
  );
}

/** hostileValue: a hostile string, or a value of the wrong type (numbers out of range, objects, lists, null…). */
export function hostileValue(sandbox: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: hostileString(sandbox) },
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}, [null], { '': '' }, { __proto__: { polluted: 1 } }, ['a', 1]),
    fc.integer(),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

/** anyCniVersion: a supported version most of the time, else an unsupported or mistyped one. */
export function anyCniVersion(sandbox: string): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CNI_VERSIONS) }, fc.constantFrom(...BAD_VERSIONS), hostileValue(sandbox));
}

type Json = Record<string, unknown>;

/** pathsOf lists the key paths of a config (objects and lists, up to depth 4). */
function pathsOf(v: unknown, prefix: Array<string | number> = [], depth = 0): Array<Array<string | number>> {
  if (depth > 4 || v === null || typeof v !== 'object') return [];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k], depth + 1)]);
}

interface Mutation {
  path: Array<string | number>;
  action: 'set' | 'delete' | 'unknown-key';
  value: unknown;
  key: string;
}

/**
 * Paths a mutation may only point elsewhere inside the sandbox (never delete, empty or retype): keys whose default is
 * a real system directory (`ipam.dataDir`, `cacheDir`, `confDir`), which a root plugin would otherwise write or read.
 */
export type Pinned = Array<Array<string | number>>;

const samePath = (a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean => a.length === b.length && a.every((k, i) => String(k) === String(b[i]));
const isPrefix = (a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean => a.length <= b.length && a.every((k, i) => String(k) === String(b[i]));

/** confine keeps a mutation away from pinned paths: on one, it becomes a sandbox-confined path; deleting an ancestor is kept. */
function confine(m: Mutation, pinned: Pinned, sandbox: string): Mutation {
  if (pinned.some((p) => samePath(p, m.path))) {
    const paths = [`${sandbox}/x`, `${sandbox}/w/o/r/k/../../../../y`, `${sandbox}/missing/dir`, `${sandbox}/\u0000`, '../../../escape', 'rel/dir'];
    return { ...m, action: 'set', value: paths[Math.abs(String(m.value).length) % paths.length] };
  }
  // Deleting a parent would drop the pinned key with it (its default would apply): restorePinned puts it back.
  if (m.action === 'delete' && pinned.some((p) => isPrefix(m.path, p) && !samePath(p, m.path))) return { ...m, action: 'set', value: {} };
  return m;
}

/** restorePinned puts a pinned key back (as in `base`) wherever mutations left its parent an object without it. */
function restorePinned(config: Json, base: Json, pinned: Pinned): Json {
  for (const path of pinned) {
    let parent: unknown = config;
    for (const k of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[k] : undefined;
    if (!parent || typeof parent !== 'object' || Array.isArray(parent)) continue;
    const last = path[path.length - 1]!;
    const obj = parent as Record<string | number, unknown>;
    if (typeof obj[last] !== 'string') obj[last] = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], base);
  }
  return config;
}

function applyMutation(base: Json, m: Mutation): Json {
  const copy = structuredClone(base);
  const parentPath = m.path.slice(0, -1);
  let parent: unknown = copy;
  for (const k of parentPath) {
    // An earlier mutation may have removed or replaced part of the path.
    if (parent === null || typeof parent !== 'object') return copy;
    parent = (parent as Record<string | number, unknown>)[k];
  }
  if (parent === null || typeof parent !== 'object') return copy;
  const last = m.path[m.path.length - 1]!;
  const target = parent as Record<string | number, unknown>;
  if (m.action === 'delete') {
    if (Array.isArray(target)) target.splice(Number(last), 1);
    else delete target[last];
  } else if (m.action === 'unknown-key') {
    const obj = target[last];
    if (obj && typeof obj === 'object' && !Array.isArray(obj)) (obj as Json)[m.key] = m.value;
    else if (!Array.isArray(target)) target[m.key] = m.value;
  } else {
    target[last] = m.value;
  }
  return copy;
}

/** The hostile strings that found real bugs (names the kernel refuses, traversal, over-long ids): tried on purpose. */
export const SHARP_STRINGS = ['\u0000', 'eth\u00000', 'ethà', '', '.', '..', 'a/b', 'eth 0', '../../../escape', 'e'.repeat(300), 'e'.repeat(16)];

/** stringPathsOf lists the paths of a config's string leaves. */
function stringPathsOf(base: Json): Array<Array<string | number>> {
  return pathsOf(base).filter((p) => typeof p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], base) === 'string');
}

/**
 * sharpConfig: the base config with exactly one string leaf set to one of SHARP_STRINGS — a random mutation would
 * hit a given leaf with a given value too rarely (a NUL in a Multus `interface`, say) for a bounded lane.
 */
export function sharpConfig(base: Json, pinned: Pinned = []): fc.Arbitrary<Json> {
  const paths = stringPathsOf(base).filter((p) => p[0] !== 'cniVersion' && !pinned.some((q) => samePath(p, q)));
  return fc.record({ path: fc.constantFrom(...paths), value: fc.constantFrom(...SHARP_STRINGS) }).map(({ path, value }) => applyMutation(base, { path, value, action: 'set', key: '' }));
}

/**
 * mutatedConfig: the valid base config (sometimes as is), or with one to three mutations — a key set to a hostile
 * value, removed, or an unknown key added — with the cniVersion drawn from every version.
 */
export function mutatedConfig(base: Json, sandbox: string, pinned: Pinned = []): fc.Arbitrary<Json> {
  const paths = pathsOf(base);
  const mutation = fc.record<Mutation>({
    path: fc.constantFrom(...paths),
    action: fc.constantFrom('set', 'set', 'delete', 'unknown-key'),
    value: hostileValue(sandbox),
    key: fc.oneof(fc.constantFrom('unknownKey', '__proto__', 'constructor', '', 'type', 'Type', 'cniversion'), fc.string({ maxLength: 10 })),
  });
  return fc
    .tuple(anyCniVersion(sandbox), fc.oneof({ weight: 1, arbitrary: fc.constant([] as Mutation[]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }))
    .map(([cniVersion, ms]) => restorePinned(ms.map((m) => confine(m, pinned, sandbox)).reduce(applyMutation, { ...structuredClone(base), cniVersion }), base, pinned));
}

/** hostileStdin: stdin that is not a config at all (empty, not JSON, not an object, absurdly nested or long). */
export const hostileStdin: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '{', 'null', '[]', '"x"', '42', '{"cniVersion":', '\u0000', '[' .repeat(100_000), `{"a":"${'x'.repeat(2_000_000)}"}`),
  fc.string({ maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
);

/** A string safe to put in an environment variable (the kernel refuses NUL there). */
export function envString(sandbox: string): fc.Arbitrary<string> {
  // The kernel also caps one environment string at 128 KiB (E2BIG): a runtime could not pass more.
  return hostileString(sandbox).map((s) => s.replace(/\u0000/g, '').slice(0, 100_000));
}

/** The CNI_* environment of one run; `valid` holds the values a runtime would pass. */
export interface CniEnvValid {
  command: string;
  containerId: string;
  netns: string;
  ifName: string;
  args: string;
  path: string;
}

/**
 * cniEnv: mostly what a runtime passes, each variable sometimes hostile or missing. CNI_NETNS is the run's throwaway
 * netns, a missing path, a regular file or a relative path — never a netns the test did not create.
 */
export function cniEnv(valid: CniEnvValid, sandbox: string, notNetnsFile: string): fc.Arbitrary<Record<string, string | undefined>> {
  const pick = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>): fc.Arbitrary<string | undefined> =>
    fc.oneof({ weight: 8, arbitrary: good }, { weight: 2, arbitrary: bad }, { weight: 1, arbitrary: fc.constant(undefined) });
  const s = envString(sandbox);
  const runtime: Record<string, string> = { CNI_COMMAND: valid.command, CNI_CONTAINERID: valid.containerId, CNI_NETNS: valid.netns, CNI_IFNAME: valid.ifName, CNI_ARGS: valid.args, CNI_PATH: valid.path };
  // Half the runs get exactly what a runtime passes (so configs reach the success paths), the rest break variables.
  return fc.oneof({ weight: 1, arbitrary: fc.constant(runtime) }, { weight: 1, arbitrary: brokenEnv(valid, sandbox, notNetnsFile, s, pick) });
}

function brokenEnv(
  valid: CniEnvValid,
  sandbox: string,
  notNetnsFile: string,
  s: fc.Arbitrary<string>,
  pick: (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) => fc.Arbitrary<string | undefined>,
): fc.Arbitrary<Record<string, string | undefined>> {
  return fc.record({
    CNI_COMMAND: fc.oneof({ weight: 10, arbitrary: fc.constant(valid.command) }, fc.constantFrom('ADD', 'DEL', 'CHECK', 'VERSION', 'STATUS', 'GC', 'add', '', 'FOO')),
    CNI_CONTAINERID: pick(fc.constant(valid.containerId), fc.oneof(s, fc.constantFrom('a'.repeat(300), 'a'.repeat(64), '../../x', 'a b', 'a/b'))),
    CNI_NETNS: pick(fc.constant(valid.netns), fc.constantFrom('', `${sandbox}/no-such-netns`, notNetnsFile, 'relative/netns', '/var/run/netns/plxfz-none')),
    CNI_IFNAME: pick(fc.constant(valid.ifName), fc.oneof(s, fc.constantFrom('eth0123456789012', 'a/b', '..', '.', 'eth 0', 'ethà', 'lo'))),
    CNI_ARGS: pick(fc.constantFrom(valid.args, ''), fc.oneof(s, fc.constantFrom('IgnoreUnknown=maybe', 'IgnoreUnknown=1;FOO', 'a=b=c;;', ';', 'K8S_POD_NAME=' + 'x'.repeat(5000), 'IgnoreUnknown=1;IP=10.0.0.1'))),
    CNI_PATH: pick(fc.constant(valid.path), fc.constantFrom('', `${sandbox}/nope`, `${valid.path}:${sandbox}`, 'relative')),
  });
}
