import { batchInput, parseBatchFailures, planBatch } from './batch-plan';

describe('planBatch', () => {
  it('groups consecutive commands of one family; unflagged commands join the current run', () => {
    const groups = planBatch([
      ['link', 'set', 'dev', 'eth0', 'up'],
      ['-4', 'route', 'add', '10.0.0.0/8', 'dev', 'eth0'],
      ['-4', 'rule', 'add', 'table', '5'],
      ['link', 'set', 'dev', 'eth1', 'up'],
      ['-6', 'route', 'add', 'fd00::/8', 'dev', 'eth0'],
      ['-4', 'route', 'add', '10.1.0.0/16', 'dev', 'eth0'],
    ]);
    expect(groups.map((g) => [g.flag, g.offset, g.commands.length])).toEqual([['-4', 0, 4], ['-6', 4, 1], ['-4', 5, 1]]);
    expect(batchInput(groups[1]!)).toBe('route add fd00::/8 dev eth0\n');
  });

  it('plans nothing for no commands and one family-less run for link commands', () => {
    expect(planBatch([])).toEqual([]);
    expect(planBatch([['link', 'del', 'dev', 'x']])).toEqual([{ flag: undefined, offset: 0, commands: [['link', 'del', 'dev', 'x']] }]);
  });
});

describe('parseBatchFailures', () => {
  it('pairs each "Command failed -:N" with the error text printed before it', () => {
    const stderr = 'RTNETLINK answers: No such process\nCommand failed -:1\nCannot find device "x"\nCommand failed -:4\n';
    expect(parseBatchFailures(stderr)).toEqual([
      { line: 1, stderr: 'RTNETLINK answers: No such process' },
      { line: 4, stderr: 'Cannot find device "x"' },
    ]);
    expect(parseBatchFailures('Error: "nexthop" or end of line is expected instead of "table"\n')).toEqual([]);
  });
});
