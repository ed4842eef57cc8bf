import { matchesLabelSelector, parseLabelSelector } from './label-selector';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', 'plexus.io/network': 'net1' };
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['tier in (front, back)', true],
    ['tier in (back)', false],
    ['tier notin (back)', true],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['plexus.io/network', true],
    ['!plexus.io/network', false],
    ['!missing', true],
    ['app=web,tier notin (back),!missing', true],
    ['app=web,tier=back', false],
  ];
  it.each(cases)('%s → %s', (selector, expected) => {
    expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('parses requirements into key, operator and values', () => {
    expect(parseLabelSelector('a in (x, y),!b,c!=d')).toEqual([
      { key: 'a', op: 'in', values: ['x', 'y'] },
      { key: 'b', op: 'not-exists', values: [] },
      { key: 'c', op: '!=', values: ['d'] },
    ]);
  });

  it.each(['a in (x', 'a=b,,c', 'a b', '=x', 'a=b c'])('rejects %p naming the selector', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(`invalid label selector "${selector}"`);
  });
});
