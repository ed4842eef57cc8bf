import { ExecaRunner } from './execa-runner';
import { FakeCommandRunner } from './testing';

describe('ExecaRunner', () => {
  const runner = new ExecaRunner();

  it('returns stdout, stderr and a non-zero exit code without throwing', async () => {
    const out = await runner.run('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'hello' });
    expect(out).toEqual({ stdout: 'hello', stderr: 'err\n', exitCode: 3 });
  });

  it('runs with exactly the given environment', async () => {
    const out = await runner.run('/usr/bin/env', [], { env: { ONLY: 'this' } });
    expect(out.stdout.trim().split('\n')).toEqual(['ONLY=this']);
  });

  it('throws a typed error for a missing binary and for a timeout', async () => {
    await expect(runner.run('/nonexistent/bin', [])).rejects.toMatchObject({ name: 'ExecError', reason: 'not-found' });
    await expect(runner.run('sleep', ['5'], { timeoutMs: 100 })).rejects.toMatchObject({ reason: 'timeout' });
  });
});

describe('FakeCommandRunner', () => {
  it('answers by the first matching rule and records calls', async () => {
    const fake = new FakeCommandRunner().on('ip -j link', { stdout: '[]' }).on(() => true, { exitCode: 2 });
    expect((await fake.run('ip', ['-j', 'link', 'show'])).stdout).toBe('[]');
    expect((await fake.run('ip', ['addr'])).exitCode).toBe(2);
    expect(fake.commandLines()).toEqual(['ip -j link show', 'ip addr']);
  });
});
