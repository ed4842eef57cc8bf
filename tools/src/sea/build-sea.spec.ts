import { FakeCommandRunner } from '@plexus/exec/testing';
import { MemoryInstallerFs } from '@plexus/installer/testing';
import { buildSea } from './build-sea';

describe('buildSea', () => {
  it('tells how to build the bundle when it is missing', async () => {
    const deps = { fs: new MemoryInstallerFs(), runner: new FakeCommandRunner(), nodeBinary: '/usr/bin/node', env: {} };
    await expect(buildSea(deps, { plugin: 'static-ipam', binDir: '/dist/bin', outDir: '/dist/sea', useCodeCache: true, strip: false })).rejects.toThrow(
      'build it first (node tools/build/build-plugin.mjs static-ipam)',
    );
  });

  it('prepares the blob with the same node binary, reports its failure, and leaves no work files', async () => {
    const fs = new MemoryInstallerFs();
    await fs.writeAtomic('/dist/bin/static-ipam', '#!/usr/bin/env node\n// plexus-plugin-api:1 static-ipam\nmain();\n', 0o755);
    const runner = new FakeCommandRunner().on('--experimental-sea-config', { exitCode: 9, stderr: 'bad config' });
    await expect(
      buildSea({ fs, runner, nodeBinary: '/opt/node', env: {} }, { plugin: 'static-ipam', binDir: '/dist/bin', outDir: '/dist/sea', useCodeCache: false, strip: false }),
    ).rejects.toThrow('/opt/node --experimental-sea-config /dist/sea/.static-ipam.sea-config.json failed (exit 9): bad config');
    expect(runner.commandLines()).toEqual(['/opt/node --experimental-sea-config /dist/sea/.static-ipam.sea-config.json']);
    expect(await fs.list('/dist/sea')).toEqual([]);
  });
});
