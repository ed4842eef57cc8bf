import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

// Regression test for mutual exclusion under load (found by multi-nic-ipam's 256 parallel ADDs): many processes,
// each taking the lock many times and exiting right after its last release, increment one counter file. A waiter
// that removed a lock it misjudged as stale (read empty mid-creation, or read from a holder that had since
// released and exited) let two processes in, and increments were lost.
const WORKER = `
const { NodeFileStore } = require(process.argv[2]);
const { readFileSync, writeFileSync } = require('node:fs');
const [dir, rounds] = [process.argv[3], Number(process.argv[4])];
const fs = new NodeFileStore();
(async () => {
  for (let i = 0; i < rounds; i++) {
    await fs.withLock(dir + '/lock', async () => {
      const n = Number(readFileSync(dir + '/counter', 'utf8'));
      await new Promise((r) => setImmediate(r));
      writeFileSync(dir + '/counter', String(n + 1));
    });
  }
})();
`;

describe('NodeFileStore lock under contention between processes', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-store-contention-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never lets two processes hold the lock: no increment is lost', async () => {
    const bundle = join(dir, 'store.js');
    buildSync({ entryPoints: [join(__dirname, 'node-file-store.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
    const worker = join(dir, 'worker.js');
    writeFileSync(worker, WORKER);
    writeFileSync(join(dir, 'counter'), '0');
    const [procs, rounds] = [16, 25];
    await Promise.all(
      Array.from({ length: procs }, () => new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [worker, bundle, dir, String(rounds)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${err}`))));
      })),
    );
    expect(Number(readFileSync(join(dir, 'counter'), 'utf8'))).toBe(procs * rounds);
    expect(readdirSync(dir).sort()).toEqual(['counter', 'store.js', 'worker.js']);
  }, 60_000);
});
