/**
 * Every example config of every README, read from the README and run for real (so no example can rot): each JSON
 * block carries a marker (see readme-blocks.ts); `run` examples get ADD, CHECK and DEL through the built Plexus
 * plugins and the reference plugins of /usr/lib/cni, with every plugin in a throwaway node netns and the pod in
 * another. Examples whose main plugin this kernel lacks (ipvlan) run in full in the kernel-VM lane
 * (readme-examples.kernel.ts); here their IPAM part runs alone.
 */
import { REFERENCE_PLUGIN_DIR, buildPlugins, isRoot, makeCniBinDir, type CniBinDir } from '../support';
import { readdirSync } from 'node:fs';
import { collectExamples, exampleName, isConfigLike, listReadmes, readBlocks } from './readme-blocks';
import { PLEXUS_PLUGINS } from './plexus-plugins';
import { ExampleWorld } from './run-example';

const KINDS = new Set(['run', 'file', 'ipam-result', 'fragment']);

describe('README example blocks are all marked', () => {
  const blocks = listReadmes().flatMap(readBlocks).filter(isConfigLike);

  it('finds the example blocks of the plugin READMEs', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(9);
  });

  it.each(blocks.map((b) => [exampleName(b), b] as const))('%s has a known marker (run, file, ipam-result, or fragment with a reason)', (_name, b) => {
    expect(b.marker && KINDS.has(b.marker.kind)).toBe(true);
    if (b.marker!.kind === 'fragment') expect(b.marker!.attrs.reason ?? '').not.toBe('');
    else expect(() => JSON.parse(b.text)).not.toThrow();
  });
});

describe('README examples, run', () => {
  const examples = collectExamples();
  let bin: CniBinDir | undefined;
  beforeAll(() => {
    if (!isRoot()) throw new Error('the README example test needs root (netns, links)');
    buildPlugins(...PLEXUS_PLUGINS);
    bin = makeCniBinDir({ plexus: PLEXUS_PLUGINS, reference: readdirSync(REFERENCE_PLUGIN_DIR).filter((n) => !PLEXUS_PLUGINS.includes(n)) });
  }, 240_000);
  afterAll(() => bin?.remove());

  it('has an example to run in every plugin README', () => {
    const readmes = new Set(examples.map((e) => e.run.readme));
    for (const p of PLEXUS_PLUGINS) expect(readmes).toContain(`plugins/${p}/README.md`);
  });

  it.each(examples.map((e) => [exampleName(e.run), e] as const))('%s', async (_name, ex) => {
    const world = new ExampleWorld(ex, bin!.dir);
    try {
      await world.prepare();
      if (world.config.ipamOnly) {
        // The main plugin is someone else's: run the IPAM exactly as it would, one address per master it names.
        const result = await world.runIpam();
        const main = world.config.list.plugins[0];
        const masters = Array.isArray(main.masters) ? main.masters.length : 1;
        expect((result.ips as unknown[] | undefined)?.length).toBe(masters);
      } else if (world.config.needsKernel) {
        // The full run is in the kernel-VM lane; the IPAM part needs no ipvlan.
        const result = await world.runIpam();
        if (ex.ipamResult) expect(result).toEqual(JSON.parse(ex.ipamResult.text));
        else expect(result.ips).toBeDefined();
      } else {
        await world.runFull();
        if (ex.ipamResult) expect(await world.runIpam()).toEqual(JSON.parse(ex.ipamResult.text));
      }
    } finally {
      await world.cleanup();
    }
  });
});
