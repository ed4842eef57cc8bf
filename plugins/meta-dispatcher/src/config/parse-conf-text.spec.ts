import { parseConfText } from './parse-conf-text';
import { plainFileNameProblem } from '../sources/conf-files/plain-file-name';
import { isConfFileName } from '../sources/conf-files/conf-file-names';
import { FieldProblem } from '@plexus/json-fields';

describe('parseConfText', () => {
  it('wraps a single conf like libcni ConfListFromConf, keeping its keys', () => {
    const conf = { cniVersion: '1.0.0', name: 'macvlan-conf', type: 'macvlan', master: 'eth1', ipam: { type: 'static' } };
    expect(parseConfText(JSON.stringify(conf))).toEqual({ cniVersion: '1.0.0', name: 'macvlan-conf', plugins: [conf] });
  });

  it('keeps a conflist with its top-level keys', () => {
    const list = { cniVersion: '1.1.0', name: 'chain', disableCheck: true, plugins: [{ type: 'ipvlan' }, { type: 'route-injector', routes: [] }] };
    expect(parseConfText(JSON.stringify(list))).toEqual(list);
  });

  it('injects the name only when missing, and defaults cniVersion to 0.1.0', () => {
    expect(parseConfText('{"type":"bridge"}', { injectName: 'nad-a' })).toEqual({ cniVersion: '0.1.0', name: 'nad-a', plugins: [{ type: 'bridge', name: 'nad-a' }] });
    expect(parseConfText('{"name":"own","type":"bridge","cniVersion":"0.4.0"}', { injectName: 'nad-a' }).name).toBe('own');
    expect(parseConfText('{"plugins":[{"type":"bridge"}],"cniVersion":"1.0.0"}', { injectName: 'nad-b' }).name).toBe('nad-b');
  });

  it.each([
    ['not JSON', '{', '(document)', 'not JSON'],
    ['a list', '[]', '(document)', 'must be a JSON object'],
    ['no name', '{"type":"bridge"}', 'name', 'missing'],
    ['bad name', '{"name":"a b","type":"bridge"}', 'name', 'must match'],
    ['numeric version', '{"name":"a","type":"bridge","cniVersion":1}', 'cniVersion', 'must be a string'],
    ['unknown version', '{"name":"a","type":"bridge","cniVersion":"9.9.9"}', 'cniVersion', 'not a CNI spec version'],
    ['no type', '{"name":"a"}', 'type', 'missing'],
    ['path in type', '{"name":"a","type":"../../bin/sh"}', 'type', 'not a plugin name'],
    ['ipam a string', '{"name":"a","type":"b","ipam":"static"}', 'ipam', 'must be an object'],
    ['empty plugins', '{"name":"a","plugins":[]}', 'plugins', 'non-empty list'],
    ['plugins object', '{"name":"a","plugins":{}}', 'plugins', 'non-empty list'],
    ['plugin without type', '{"name":"a","plugins":[{"type":"x"},{}]}', 'plugins[1].type', 'missing'],
    ['plugin not an object', '{"name":"a","plugins":[1]}', 'plugins[0]', 'must be an object'],
    ['plugin args list', '{"name":"a","plugins":[{"type":"x","args":[]}]}', 'plugins[0].args', 'must be an object'],
  ])('refuses %s naming %s', (_n, text, field, problem) => {
    let err: unknown;
    try {
      parseConfText(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FieldProblem);
    expect(err).toMatchObject({ field });
    expect((err as FieldProblem).problem).toContain(problem);
  });
});

describe('plainFileNameProblem', () => {
  it.each([
    ['flannel', undefined],
    ['net_1.v2-a', undefined],
    ['', 'is empty'],
    ['../x', 'contains "/"'],
    ['a/b', 'contains "/"'],
    ['a..b', 'contains ".."'],
    ['..', 'contains ".."'],
    ['a\0b', 'NUL'],
    ['.hidden', 'must match'],
    ['-x', 'must match'],
    ['a b', 'must match'],
  ])('%j → %s', (id, problem) => {
    const got = plainFileNameProblem(id);
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(problem);
  });
});

describe('isConfFileName', () => {
  it.each([
    ['10-flannel.conflist', true],
    ['a.conf', true],
    ['a.json', true],
    ['a.conf.bak', false],
    ['.a.conf', false],
    ['README.md', false],
  ])('%s → %s', (name, ok) => {
    expect(isConfFileName(name)).toBe(ok);
  });
});
