import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecaRunner } from './execa-runner';
import { SpawnRunner } from './spawn-runner';

describe('SpawnRunner', () => {
  const runner = new SpawnRunner();

  it('returns stdout, stderr and a non-zero exit code without throwing', async () => {
    const out = await runner.run('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'hello' });
    expect(out).toEqual({ stdout: 'hello', stderr: 'err\n', exitCode: 3 });
  });

  it('answers exactly like ExecaRunner, trailing newlines and multi-byte text included', async () => {
    const script = ['-c', 'printf "a\\n\\nü\\n"; printf "x\\n" >&2; exit 0'];
    expect(await runner.run('sh', script)).toEqual(await new ExecaRunner().run('sh', script));
  });

  it('runs with exactly the given environment, in the given directory', async () => {
    const out = await runner.run('/usr/bin/env', [], { env: { ONLY: 'this' } });
    expect(out.stdout.trim().split('\n')).toEqual(['ONLY=this']);
    expect((await runner.run('pwd', [], { cwd: '/' })).stdout).toBe('/\n');
  });

  it('ignores a command that does not read its stdin', async () => {
    const out = await runner.run('true', [], { input: 'x'.repeat(1 << 20) });
    expect(out.exitCode).toBe(0);
  });

  it('throws typed errors: missing binary, not executable, timeout, killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-runner-'));
    try {
      const notExec = join(dir, 'script');
      writeFileSync(notExec, '#!/bin/sh\n');
      chmodSync(notExec, 0o644);
      await expect(runner.run('/nonexistent/bin', [])).rejects.toMatchObject({ name: 'ExecError', reason: 'not-found' });
      await expect(runner.run(notExec, [])).rejects.toMatchObject({ reason: 'not-executable' });
      await expect(runner.run('sleep', ['5'], { timeoutMs: 100 })).rejects.toMatchObject({ reason: 'timeout' });
      await expect(runner.run('sh', ['-c', 'kill -KILL $$'])).rejects.toMatchObject({ reason: 'killed' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Issue 11: a 1 s delegate timeout took 8.2 s — SIGTERM reached the shell only, its `sleep` kept the pipes open.
  it('makes timeoutMs a hard bound: the whole process group is killed, SIGKILL after the grace', async () => {
    const started = Date.now();
    await expect(runner.run('sh', ['-c', 'sleep 30; echo done'], { timeoutMs: 300 })).rejects.toMatchObject({ reason: 'timeout' });
    const trapping = runner.run('sh', ['-c', 'trap "" TERM; sleep 30 & wait; sleep 30'], { timeoutMs: 300, killGraceMs: 200 });
    await expect(trapping).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('kills the sleeping grandchildren too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-runner-'));
    try {
      const pidFile = join(dir, 'pid');
      await expect(runner.run('sh', ['-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 300 })).rejects.toMatchObject({ reason: 'timeout' });
      const pid = Number(readFileSync(pidFile, 'utf8'));
      await new Promise((r) => setTimeout(r, 100));
      // Gone, or a zombie waiting for its new parent to reap it: either way no longer running.
      expect(processState(pid)).toMatch(/^(gone|Z)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!;
  } catch {
    return 'gone';
  }
}
