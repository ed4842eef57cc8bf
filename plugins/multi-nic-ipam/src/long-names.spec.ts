import { NodeFileStore } from '@plexus/store';
import { addOk, errorOf, invokePlugin } from '@plexus/skel/testing';
import type { PluginDefinition } from '@plexus/skel';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMultiNicIpamHandlers } from './handlers';
import { createTestWorld, exampleConf } from './testing/test-deps';

// Over-long names on the real file system (issue 11 item 6): a name over 255 bytes is ENAMETOOLONG.
describe('over-long network names and container ids', () => {
  let dataDir: string;
  let plugin: PluginDefinition;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plexus-mnic-long-'));
    const w = await createTestWorld();
    plugin = { name: 'multi-nic-ipam', handlers: createMultiNicIpamHandlers({ ...w.deps, files: new NodeFileStore() }) };
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the state of a network with a 300-byte name in a hashed directory: ADD, CHECK, DEL work', async () => {
    const conf = { ...exampleConf({ hostIndex: 0, dataDir }), name: `n${'x'.repeat(299)}` };
    const prevResult = await addOk(plugin, { conf, containerId: 'c1' });
    const [dir] = readdirSync(dataDir);
    expect(dir).toMatch(/^nx{63}\.[0-9a-f]{32}$/);
    expect((await invokePlugin(plugin, { command: 'CHECK', conf: { ...conf, prevResult }, containerId: 'c1' })).exitCode).toBe(0);
    expect((await invokePlugin(plugin, { command: 'DEL', conf, containerId: 'c1' })).exitCode).toBe(0);
    expect(readdirSync(join(dataDir, dir!))).toContain('block-192.168.0.0-24.json');
    // A short name keeps its plain directory (what every existing store uses).
    await addOk(plugin, { conf: exampleConf({ hostIndex: 0, dataDir }), containerId: 'c1' });
    expect(readdirSync(dataDir).sort()).toEqual([dir, 'storage-net'].sort());
  });

  it('refuses a 300-byte container id on ADD (code 4) and lets its DEL and CHECK answer without 999', async () => {
    const conf = exampleConf({ hostIndex: 0, dataDir });
    const id = 'c'.repeat(300);
    expect(await errorOf(plugin, { command: 'ADD', conf, containerId: id })).toMatchObject({ code: 4, msg: 'invalid CNI_CONTAINERID' });
    expect(await invokePlugin(plugin, { command: 'DEL', conf, containerId: id })).toMatchObject({ exitCode: 0, stdout: '' });
    const check = await errorOf(plugin, { command: 'CHECK', conf: { ...conf, prevResult: { cniVersion: '1.1.0', ips: [] } }, containerId: id });
    expect(check).toMatchObject({ code: 103, msg: 'no address allocated' });
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
