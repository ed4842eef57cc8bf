/**
 * Differential test: Plexus static-ipam against the reference `static` IPAM (Debian containernetworking-plugins
 * 1.1.1, /usr/lib/cni/static), both exec'd as a runtime would, on the table in ./cases.ts.
 *   - accepted by the reference → we accept and print deep-equal JSON (or nothing, for CHECK/DEL);
 *   - rejected by the reference (its code is mostly 999) → we exit non-zero with a CNI error object on stdout
 *     carrying a spec code (7 naming the field, or 1/4/6; 100 for a CHECK mismatch) and no stack trace;
 *   - CNI 1.1.0, which the reference does not speak: ours at 1.1.0 equals the reference's 1.0.0 answer with only
 *     cniVersion changed;
 *   - route fields mtu/advmss/priority/table/scope: plugins v1.6.x (libcni ≥ 1.2, one Route type for every result
 *     version) read and print them at every cniVersion, Debian's 1.1.1 at none; ours follow v1.6.x, so the
 *     reference's answer plus the config's route fields is what we must print;
 *   - the deliberate differences are listed in DIVERGENCES and asserted exactly.
 */
import { existsSync } from 'node:fs';
import { formatResult, versionAtLeast } from '@plexus/cni-spec';
import { CASES, DIVERGENCES, REFERENCE_VERSIONS, type DiffCase, type Outcome } from './cases';
import { buildStaticIpam, OUR_STATIC, REFERENCE_STATIC, runPlugin, type PluginRun } from './run-plugin';

const SPEC11_ROUTE_KEYS = ['mtu', 'advmss', 'priority', 'table', 'scope'] as const;

type Json = Record<string, unknown>;

/** stdinFor renders a row's config for one binary at one version. */
function stdinFor(c: Pick<DiffCase, 'conf' | 'rawStdin' | 'prevResult'>, version: string, pluginType: string): string {
  if (c.rawStdin !== undefined) return c.rawStdin;
  const conf: Json = { cniVersion: version, name: 'plexus-diff', type: pluginType, ...c.conf };
  if (conf.ipam && typeof conf.ipam === 'object') conf.ipam = { type: pluginType, ...(conf.ipam as Json) };
  if (c.prevResult) conf.prevResult = formatResult(c.prevResult, version);
  return JSON.stringify(conf);
}

function runBoth(c: DiffCase, version: string, over: Partial<DiffCase> = {}): { ref: PluginRun; ours: PluginRun } {
  const row = { ...c, ...over };
  const inv = { command: row.command ?? 'ADD', cniArgs: row.cniArgs, env: row.env } as const;
  return {
    ref: runPlugin(REFERENCE_STATIC, { ...inv, stdin: stdinFor(row, version, 'static') }),
    ours: runPlugin(OUR_STATIC, { ...inv, stdin: stdinFor(row, version, 'static-ipam') }),
  };
}

function runOurs(c: DiffCase, version: string): PluginRun {
  return runPlugin(OUR_STATIC, { command: c.command ?? 'ADD', cniArgs: c.cniArgs, env: c.env, stdin: stdinFor(c, version, 'static-ipam') });
}

const outcomeOf = (run: PluginRun): Outcome => (run.status === 0 ? 'accept' : 'reject');
const expectedOutcome = (c: DiffCase, version: string): Outcome => (typeof c.reference === 'function' ? c.reference(version) : c.reference);
const versionsOf = (c: DiffCase): readonly string[] =>
  c.versions ?? (c.command === 'CHECK' ? REFERENCE_VERSIONS.filter((v) => versionAtLeast(v, '0.4.0')) : REFERENCE_VERSIONS);

/** expectSuccessOutput: ADD prints a result; CHECK and DEL print nothing. */
function expectSameSuccess(c: DiffCase, ref: PluginRun, ours: PluginRun): void {
  expect({ status: ours.status, json: ours.json }).toEqual({ status: 0, json: ref.json && (c.command ?? 'ADD') === 'ADD' ? withRouteFields(ref.json as Json, c) : ref.json });
  if ((c.command ?? 'ADD') !== 'ADD') expect(ours.stdout).toBe('');
}

/** expectProperError: a spec error object on stdout, with our code and the field named, and no stack trace. */
function expectProperError(c: DiffCase, ours: PluginRun, version: string): void {
  expect(ours.status).toBe(1);
  expect(ours.json).toEqual(expect.objectContaining({ code: c.code ?? 7, msg: expect.any(String) }));
  const err = ours.json as { msg: string; details?: string; cniVersion?: string };
  if (c.field) expect(err.msg).toContain(c.field);
  if (c.rawStdin === undefined && version !== '9.9.9') expect(err.cniVersion).toBe(version);
  expect(ours.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

/** withSpec11RouteFields is the reference's 1.0.0 answer as 1.1.0, with the config's route fields. */
function withSpec11RouteFields(refJson: Json, c: DiffCase): Json {
  return { ...withRouteFields(refJson, c), cniVersion: '1.1.0' };
}

/**
 * withRouteFields adds to a reference answer the route fields of the row's config (matched by dst and gw), where
 * the routes are at this version: top-level `routes`, or inside `ip4`/`ip6` for 0.1.0/0.2.0. Go omits a zero
 * mtu/advmss/priority.
 */
function withRouteFields(refJson: Json, c: DiffCase): Json {
  const confRoutes = (((c.conf?.ipam as Json | undefined)?.routes ?? []) as Json[]).filter((r) => r && typeof r === 'object');
  const fill = (routes: unknown): unknown =>
    Array.isArray(routes)
      ? (routes as Json[]).map((r) => {
          const conf = confRoutes.find((x) => x.dst === r.dst && (x.gw ?? undefined) === (r.gw ?? undefined));
          const extra: Json = {};
          for (const k of SPEC11_ROUTE_KEYS) {
            const v = conf?.[k];
            if (typeof v === 'number' && (v !== 0 || k === 'table' || k === 'scope')) extra[k] = v;
          }
          return { ...r, ...extra };
        })
      : routes;
  const out: Json = { ...refJson };
  if ('routes' in out) out.routes = fill(out.routes);
  for (const k of ['ip4', 'ip6']) if (out[k] && typeof out[k] === 'object') out[k] = { ...(out[k] as Json), ...('routes' in (out[k] as Json) ? { routes: fill((out[k] as Json).routes) } : {}) };
  return out;
}

beforeAll(() => {
  expect(existsSync(REFERENCE_STATIC)).toBe(true);
  buildStaticIpam();
}, 60_000);

describe('static-ipam vs the reference static IPAM', () => {
  it('covers the required ground', () => {
    const runs = CASES.reduce((n, c) => n + versionsOf(c).length, 0);
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(runs).toBeGreaterThanOrEqual(200);
    expect(new Set(CASES.flatMap((c) => versionsOf(c)))).toEqual(new Set([...REFERENCE_VERSIONS, '9.9.9']));
  });

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(versionsOf(c).map((v) => [v]))('at cniVersion %s', (version) => {
      const { ref, ours } = runBoth(c, version);
      const want = expectedOutcome(c, version);
      expect({ reference: outcomeOf(ref), stdout: ref.stdout }).toEqual({ reference: want, stdout: expect.any(String) });
      if (want === 'accept') expectSameSuccess(c, ref, ours);
      else expectProperError(c, ours, version);
    });

    if (versionsOf(c).includes('1.0.0')) {
      it('at cniVersion 1.1.0 (ours only) matches the reference at 1.0.0', () => {
        const ref = runPlugin(REFERENCE_STATIC, { command: c.command ?? 'ADD', cniArgs: c.cniArgs, env: c.env, stdin: stdinFor(c, '1.0.0', 'static') });
        const ours = runOurs(c, '1.1.0');
        if (outcomeOf(ref) === 'reject') {
          expectProperError(c, ours, '1.1.0');
        } else if ((c.command ?? 'ADD') === 'ADD') {
          expect({ status: ours.status, json: ours.json }).toEqual({ status: 0, json: withSpec11RouteFields(ref.json as Json, c) });
        } else {
          expect({ status: ours.status, stdout: ours.stdout }).toEqual({ status: 0, stdout: '' });
        }
      });
    }
  });
});

describe('deliberate differences from the reference', () => {
  describe.each(DIVERGENCES.map((d) => [d.name, d] as const))('%s', (_name, d) => {
    it.each(versionsOf(d).map((v) => [v]))(`at cniVersion %s: reference ${d.reference}s, ours ${d.ours}s (${d.why})`, (version) => {
      const { ref, ours } = runBoth(d, version);
      expect(outcomeOf(ref)).toBe(d.reference);
      expect(outcomeOf(ours)).toBe(d.ours);
      if (d.ours === 'reject') {
        expectProperError(d, ours, version);
      } else if (d.sameAsReferenceWith) {
        const variant = runBoth(d, version, d.sameAsReferenceWith).ref;
        expectSameSuccess(d, variant, ours);
      } else {
        expect(ours.stdout).toBe('');
      }
    });
  });
});
