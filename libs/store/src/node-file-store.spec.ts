import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { NodeFileStore } from './node-file-store';
import { MemoryFileStore } from './testing';

describe('NodeFileStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes atomically with the given mode and leaves no temp files', async () => {
    const fs = new NodeFileStore();
    const p = join(dir, 'sub', 'a.json');
    await fs.writeAtomic(p, '{"a":1}');
    await fs.writeAtomic(p, '{"a":2}', 0o644);
    expect(await fs.read(p)).toBe('{"a":2}');
    expect(statSync(p).mode & 0o777).toBe(0o644);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
    expect(await fs.read(join(dir, 'missing'))).toBeUndefined();
    await fs.remove(p);
    await fs.remove(p);
    expect(await fs.list(join(dir, 'sub'))).toEqual([]);
  });

  it('writes a file whose name is near NAME_MAX (its temp name is cut, not 255+ bytes long)', async () => {
    const fs = new NodeFileStore();
    const p = join(dir, `${'é'.repeat(100)}${'a'.repeat(50)}`);
    await fs.writeAtomic(p, 'x');
    expect(await fs.read(p)).toBe('x');
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('serializes concurrent lock holders', async () => {
    const fs = new NodeFileStore();
    const lock = join(dir, 'lock');
    const order: string[] = [];
    const task = (name: string) =>
      fs.withLock(lock, async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`${name}-`);
      });
    await Promise.all([task('a'), task('b'), task('c')]);
    for (let i = 0; i < order.length; i += 2) expect(order[i]!.slice(0, 1)).toBe(order[i + 1]!.slice(0, 1));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose holder was killed', async () => {
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    const lock = join(dir, 'lock');
    writeFileSync(lock, `${dead} deadbeef`);
    const fs = new NodeFileStore();
    await expect(fs.withLock(lock, async () => 'ran')).resolves.toBe('ran');
  });

  it('times out with code 11 while a live process holds the lock', async () => {
    const lock = join(dir, 'lock');
    writeFileSync(lock, `${process.pid} other-token`);
    const fs = new NodeFileStore();
    await expect(fs.withLock(lock, async () => 'ran', { timeoutMs: 50 })).rejects.toMatchObject({ code: 11 });
    expect(readdirSync(dir)).toEqual(['lock']);
  });
});

describe('MemoryFileStore', () => {
  it('stores, lists and serializes locks', async () => {
    const fs = new MemoryFileStore();
    await fs.writeAtomic('/d/b', 'x');
    await fs.writeAtomic('/d/a', 'y');
    expect(await fs.list('/d')).toEqual(['a', 'b']);
    let inside = 0;
    let max = 0;
    await Promise.all([1, 2, 3].map(() => fs.withLock('/l', async () => { inside++; max = Math.max(max, inside); await Promise.resolve(); inside--; })));
    expect(max).toBe(1);
  });
});
