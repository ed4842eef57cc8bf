import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileStore } from '@plexus/store';
import { BlockStore } from './block-store';
import { releaseAttachment } from './release';

/** A pid that ran and exited: the ADD killed with -9. */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim());
}

describe('releaseAttachment (DEL) after an ADD killed before its first block file landed', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'plexus-mn-release-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes the dead ADD’s lock over, sweeps its block temp and leaves the network dir empty (fuzz seed 117418382)', async () => {
    const dir = join(root, 'kill');
    mkdirSync(dir);
    const pid = deadPid();
    // What the kill left: the network lock naming the dead ADD, and the temp of the block file it was writing
    // (its writer of another boot, so it is recognisably dead whatever pid it names).
    writeFileSync(join(dir, 'lock'), `${pid} 0123456789abcdef`);
    writeFileSync(join(dir, `.block-192.168.3.0-24.json.tmp-00000000-${pid}-1-9a758e73`), '{"block":');
    const out = await releaseAttachment(new BlockStore(new NodeFileStore(), dir), 'killfuzz', 'net1');
    expect(out).toEqual({ released: [], unreadable: [] });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does nothing (and creates nothing) for a network that was never used', async () => {
    const dir = join(root, 'never');
    await expect(releaseAttachment(new BlockStore(new NodeFileStore(), dir), 'c', 'net1')).resolves.toEqual({ released: [], unreadable: [] });
    expect(readdirSync(root)).toEqual([]);
  });
});
