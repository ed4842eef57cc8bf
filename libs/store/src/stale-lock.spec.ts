import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { formatLockToken, leftoverSuffix } from './lock-token';
import { NodeFileStore } from './node-file-store';
import { ownIdentity, readProcStat } from './process-identity';

const PROC = { procRoot: '/proc' };

/** A pid that ran and exited. */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim());
}

describe('NodeFileStore stale locks (issue 11 item 4)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-stale-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const fast = { timeoutMs: 300 };

  it('takes over an old-format lock whose pid now belongs to a process started after it was written (reboot)', async () => {
    // The lock was written before this boot by a process with our pid: after a reboot the pid runs something else.
    const lock = join(dir, 'lock');
    writeFileSync(lock, `${process.pid} 0123456789abcdef`);
    const lastYear = new Date(Date.now() - 365 * 86_400_000);
    utimesSync(lock, lastYear, lastYear);
    await expect(new NodeFileStore().withLock(lock, async () => 'ran', fast)).resolves.toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock naming a live pid of an earlier boot, or with another start time (pid reused)', async () => {
    const me = ownIdentity(PROC);
    const lock = join(dir, 'lock');
    writeFileSync(lock, formatLockToken({ ...me, bootId: '0'.repeat(32) }));
    await expect(new NodeFileStore().withLock(lock, async () => 'boot', fast)).resolves.toBe('boot');
    writeFileSync(lock, formatLockToken({ ...me, startTime: String(Number(me.startTime) + 1) }));
    await expect(new NodeFileStore().withLock(lock, async () => 'start', fast)).resolves.toBe('start');
  });

  it('keeps waiting for a live holder named exactly (boot id, pid, start time), then gives code 11', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const stat = readProcStat(PROC, child.pid!)!;
      const lock = join(dir, 'lock');
      writeFileSync(lock, formatLockToken({ bootId: ownIdentity(PROC).bootId, pid: child.pid!, startTime: stat.startTime }));
      await expect(new NodeFileStore().withLock(lock, async () => 'ran', { timeoutMs: 100 })).rejects.toMatchObject({ code: 11 });
      // An old-format token of a process that was already running when it was written is respected too.
      writeFileSync(lock, `${child.pid} 0123456789abcdef`);
      await expect(new NodeFileStore().withLock(lock, async () => 'ran', { timeoutMs: 100 })).rejects.toMatchObject({ code: 11 });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('treats a zombie holder (killed, not yet reaped) as dead', async () => {
    // A fake /proc: the holder's pid is present but in state Z.
    const proc = join(dir, 'proc');
    mkdirSync(join(proc, 'sys/kernel/random'), { recursive: true });
    writeFileSync(join(proc, 'sys/kernel/random/boot_id'), 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n');
    const stat = (pid: number, state: string, start: number) => `${pid} (node (x)) ${state} 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${start} 0 0\n`;
    for (const [pid, state, start] of [[process.pid, 'S', 500], [4242, 'Z', 700]] as const) {
      mkdirSync(join(proc, String(pid)), { recursive: true });
      writeFileSync(join(proc, String(pid), 'stat'), stat(pid, state, start));
    }
    mkdirSync(join(proc, 'self'));
    writeFileSync(join(proc, 'self/stat'), stat(process.pid, 'R', 500));
    const lock = join(dir, 'lock');
    const zombie = { bootId: 'aaaaaaaabbbbccccddddeeeeeeeeeeee', pid: 4242, startTime: '700' };
    writeFileSync(lock, formatLockToken(zombie));
    await expect(new NodeFileStore({ procRoot: proc }).withLock(lock, async () => 'ran', fast)).resolves.toBe('ran');
    writeFileSync(join(proc, '4242/stat'), stat(4242, 'S', 700));
    writeFileSync(lock, formatLockToken(zombie));
    await expect(new NodeFileStore({ procRoot: proc }).withLock(lock, async () => 'ran', { timeoutMs: 50 })).rejects.toMatchObject({ code: 11 });
  });

  it('removes temps, tokens and takeover markers of dead writers, and keeps those of live ones', async () => {
    const me = ownIdentity(PROC);
    const dead = { ...me, pid: deadPid(), startTime: '1' };
    const old = Date.now() / 1000 - 3600;
    const leftovers = [
      `.block-10.0.0.0-24.json.tmp-${leftoverSuffix(dead)}`,
      `lock.${leftoverSuffix(dead)}`,
      `lock.takeover.${leftoverSuffix(dead)}`,
      // written by the previous version: `<pid>-<random>`
      `.host-index.json.tmp-${dead.pid}-0badc0de`,
      `lock.${dead.pid}-0badc0de`,
    ];
    for (const name of leftovers) writeFileSync(join(dir, name), 'x');
    writeFileSync(join(dir, 'lock.takeover'), formatLockToken(dead));
    utimesSync(join(dir, 'lock.takeover'), old, old);
    const live = [`.l3.json.tmp-${leftoverSuffix(me)}`, `lock.${leftoverSuffix(me)}`, 'block-10.0.0.0-24.json', 'notes.1234-deadbeef'];
    for (const name of live) writeFileSync(join(dir, name), 'x');
    utimesSync(join(dir, 'notes.1234-deadbeef'), old, old);
    await new NodeFileStore({ sweepChance: 1 }).withLock(join(dir, 'lock'), async () => undefined, fast);
    expect(readdirSync(dir).sort()).toEqual([...live].sort());
  });

  it('cleans up after processes killed with -9 while holding and while waiting for the lock', async () => {
    const bundle = join(dir, 'store.js');
    buildSync({ entryPoints: [join(__dirname, 'node-file-store.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
    const worker = join(dir, 'worker.js');
    // Takes the lock, writes a temp half-way (as writeAtomic does before its rename), says so, then hangs.
    writeFileSync(
      worker,
      `const { NodeFileStore } = require(${JSON.stringify(bundle)});
       const fs = new NodeFileStore();
       fs.withLock(process.argv[2] + '/data/lock', async () => {
         process.stdout.write('held\\n');
         await new Promise(() => undefined);
       }, { timeoutMs: 60000 });
       setTimeout(() => process.stdout.write('waiting\\n'), 200);
       setInterval(() => undefined, 1000);`,
    );
    const data = join(dir, 'data');
    mkdirSync(data);
    const children: Array<ReturnType<typeof spawn>> = [];
    const start = (): Promise<{ child: ReturnType<typeof spawn>; line: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [worker, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        child.stdout!.once('data', (d: Buffer) => resolve({ child, line: d.toString().trim().split('\n')[0]! }));
        child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
      });
    try {
      const holder = await start();
      expect(holder.line).toBe('held');
      const waiter = await start();
      expect(waiter.line).toBe('waiting');
      // A writeAtomic temp of the holder, as a kill -9 between open and rename leaves it.
      const pid = holder.child.pid!;
      const holderId = { bootId: ownIdentity(PROC).bootId, pid, startTime: readProcStat(PROC, pid)!.startTime };
      writeFileSync(join(data, `.block.json.tmp-${leftoverSuffix(holderId)}`), '{"half":');
      const gone = (c: ReturnType<typeof spawn>) => new Promise((r) => c.once('exit', r));
      holder.child.kill('SIGKILL');
      waiter.child.kill('SIGKILL');
      await Promise.all([gone(holder.child), gone(waiter.child)]);
      expect(readdirSync(data).length).toBeGreaterThanOrEqual(3);
      await expect(new NodeFileStore().withLock(join(data, 'lock'), async () => 'ran', fast)).resolves.toBe('ran');
      expect(readdirSync(data)).toEqual([]);
    } finally {
      children.forEach((c) => c.kill('SIGKILL'));
    }
  }, 30_000);
});
