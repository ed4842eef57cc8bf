import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileStore } from './node-file-store';
import { MemoryFileStore } from './testing';

// Issue 11: an in-process IPAM ADD whose caller timed out kept waiting for its lock and allocated after the
// caller's rollback. The caller's AbortSignal now ends the wait, before anything runs under the lock.
describe('withLock with an AbortSignal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-store-abort-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('NodeFileStore: an abort ends the wait with code 11, fn never runs, nothing of ours is left', async () => {
    const lock = join(dir, 'lock');
    writeFileSync(lock, `${process.pid} other-token`);
    const fs = new NodeFileStore();
    const abort = new AbortController();
    let ran = false;
    const started = Date.now();
    const waiting = fs.withLock(lock, async () => void (ran = true), { timeoutMs: 30_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    await expect(waiting).rejects.toMatchObject({ code: 11, msg: 'lock wait aborted' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ran).toBe(false);
    expect(readdirSync(dir)).toEqual(['lock']);
  });

  it('MemoryFileStore: the same, and the waiters behind an aborted one still get their turn', async () => {
    const fs = new MemoryFileStore();
    let open!: () => void;
    const holder = fs.withLock('/l', () => new Promise<void>((r) => (open = r)));
    const abort = new AbortController();
    const order: string[] = [];
    const aborted = fs.withLock('/l', async () => void order.push('aborted one'), { signal: abort.signal });
    const next = fs.withLock('/l', async () => void order.push('next'));
    abort.abort();
    await expect(aborted).rejects.toMatchObject({ code: 11, msg: 'lock wait aborted' });
    open();
    await holder;
    await next;
    expect(order).toEqual(['next']);
  });
});
