import { FakeCommandRunner } from '@plexus/exec/testing';
import { measureStartup, median } from './measure-startup';

describe('measureStartup', () => {
  it('interleaves the probes, discards warm-up rounds and reports the median of the timed ones', async () => {
    let t = 0;
    const durations: Record<string, number[]> = { '/bin/a': [500, 500, 30, 10, 20], '/bin/b': [900, 900, 5, 7, 6] };
    const runner = new FakeCommandRunner().on(() => true, (c) => {
      t += durations[c.file]!.shift()!;
      return { stdout: '{}', stderr: '', exitCode: 0 };
    });
    const probe = (file: string) => ({ label: file, file, args: [], env: {}, input: '' });
    const timings = await measureStartup(runner, () => t, [probe('/bin/a'), probe('/bin/b')], 3, 2);
    expect(runner.commandLines()).toEqual(['/bin/a', '/bin/b', '/bin/a', '/bin/b', '/bin/a', '/bin/b', '/bin/a', '/bin/b', '/bin/a', '/bin/b']);
    expect(timings).toEqual([
      { label: '/bin/a', runs: 3, medianMs: 20, minMs: 10, maxMs: 30 },
      { label: '/bin/b', runs: 3, medianMs: 6, minMs: 5, maxMs: 7 },
    ]);
  });

  it('fails on a run that exits non-zero, so a broken binary cannot look fast', async () => {
    const runner = new FakeCommandRunner().on(() => true, { exitCode: 1, stdout: 'boom' });
    await expect(measureStartup(runner, () => 0, [{ label: 'sea', file: '/x', args: [], env: {}, input: '' }], 1, 0)).rejects.toThrow('sea: exit 1: boom');
  });

  it('median handles even counts', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
