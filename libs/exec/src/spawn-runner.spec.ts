import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
