/**
 * The README examples whose main plugin needs ipvlan, run in full (ADD, CHECK, DEL) in the kernel-VM lane; the
 * e2e lane (readme-examples.e2e.ts) checks every block is marked and runs their IPAM part.
 */
import { readdirSync } from 'node:fs';
import { REFERENCE_PLUGIN_DIR, isRoot, makeCniBinDir, type CniBinDir } from '../support';
import { kernelHasIpvlan } from '../ipvlan/kernel-world';
import { ensureBuilt } from '../ipvlan/ensure-built';
import { collectExamples, exampleName } from './readme-blocks';
import { PLEXUS_PLUGINS } from './plexus-plugins';
import { ExampleWorld, loadExample } from './run-example';

const kernelExamples = collectExamples().filter((ex) => loadExample(ex, '/nonexistent').needsKernel);

let bin: CniBinDir | undefined;
beforeAll(() => {
  if (!isRoot() || !kernelHasIpvlan()) throw new Error('the kernel suite needs root and ipvlan+dummy: run it with tools/vm/run-kernel-suite.sh');
  ensureBuilt(PLEXUS_PLUGINS);
  bin = makeCniBinDir({ plexus: PLEXUS_PLUGINS, reference: readdirSync(REFERENCE_PLUGIN_DIR).filter((n) => !PLEXUS_PLUGINS.includes(n)) });
}, 600_000);
afterAll(() => bin?.remove());

it('finds the ipvlan examples (ipvlan and fakeipam READMEs)', () => {
  expect(kernelExamples.length).toBeGreaterThanOrEqual(2);
});

it.each(kernelExamples.map((e) => [exampleName(e.run), e] as const))('%s', async (_name, ex) => {
  const world = new ExampleWorld(ex, bin!.dir);
  try {
    await world.prepare();
    await world.runFull();
    if (ex.ipamResult) expect(await world.runIpam()).toEqual(JSON.parse(ex.ipamResult.text));
  } finally {
    await world.cleanup();
  }
});
