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

  it('gives unflagged rule, route and addr commands the family iproute2 infers, so none runs under the other flag', () => {
    const groups = planBatch([
      ['rule', 'add', 'from', '10.0.0.5/24', 'table', '100'],
      ['route', 'add', '10.1.0.0/16', 'via', '10.0.0.1', 'table', '100'],
      ['-6', 'route', 'add', 'fd00:1::/64', 'via', 'fd00::1', 'table', '100'],
      ['addr', 'add', 'fd00::5/64', 'dev', 'eth0'],
      ['route', 'add', 'default', 'via', '10.0.0.1'],
    ]);
    expect(groups.map((g) => [g.flag, g.offset, g.commands.length])).toEqual([[undefined, 0, 2], ['-6', 2, 2], [undefined, 4, 1]]);
    // Without any flag in the run, unflagged commands of both families share one process (iproute2 infers each).
    expect(planBatch([['addr', 'add', '10.0.0.5/24', 'dev', 'eth0'], ['addr', 'add', 'fd00::5/64', 'dev', 'eth0'], ['link', 'set', 'eth0', 'up']])).toHaveLength(1);
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
