import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeInstallerFs } from './installer-fs';

describe('NodeInstallerFs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-installer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an executable 0755 even under a restrictive umask, and leaves no temp file', async () => {
    const old = process.umask(0o077);
    try {
      const fs = new NodeInstallerFs();
      await fs.writeAtomic(join(dir, 'plugin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff]), 0o755);
      expect(statSync(join(dir, 'plugin')).mode & 0o7777).toBe(0o755);
      expect(await fs.readBytes(join(dir, 'plugin'))).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff]));
      expect(readdirSync(dir)).toEqual(['plugin']);
      expect(await fs.readBytes(join(dir, 'missing'))).toBeUndefined();
      expect(await fs.readHead(join(dir, 'plugin'), 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
      expect(await fs.readHead(join(dir, 'plugin'), 100)).toHaveLength(5);
      expect(await fs.readHead(join(dir, 'missing'), 4)).toBeUndefined();
    } finally {
      process.umask(old);
    }
  });
});
