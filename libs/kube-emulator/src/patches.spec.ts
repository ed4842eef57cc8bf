import { applyJsonPatch, JsonPatchError } from './json-patch';
import { applyMergePatch } from './merge-patch';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes on null and replaces arrays', () => {
    const doc = { metadata: { annotations: { a: '1', b: '2' }, labels: { x: 'y' } }, list: [1, 2] };
    expect(applyMergePatch(doc, { metadata: { annotations: { b: null, c: '3' } }, list: [3] })).toEqual({
      metadata: { annotations: { a: '1', c: '3' }, labels: { x: 'y' } },
      list: [3],
    });
    expect(doc.metadata.annotations).toEqual({ a: '1', b: '2' });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { labels: { 'a/b': 'x' } }, items: ['p', 'q'] };

  it('applies add, replace, remove, copy, move and test', () => {
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/items/0', value: 'p' },
      { op: 'add', path: '/items/-', value: 'r' },
      { op: 'add', path: '/items/0', value: 'o' },
      { op: 'replace', path: '/metadata/labels/a~1b', value: 'y' },
      { op: 'copy', from: '/metadata/labels', path: '/spec' },
      { op: 'move', from: '/items/1', path: '/first' },
      { op: 'remove', path: '/items/0' },
    ]);
    expect(out).toEqual({ metadata: { labels: { 'a/b': 'y' } }, spec: { 'a/b': 'y' }, items: ['q', 'r'], first: 'p' });
    expect(doc.items).toEqual(['p', 'q']);
  });

  it.each([
    [[{ op: 'test', path: '/items/0', value: 'zzz' }], 'test failed at "/items/0"'],
    [[{ op: 'replace', path: '/nope', value: 1 }], 'does not exist'],
    [[{ op: 'remove', path: '/metadata/missing' }], 'does not exist'],
    [{ op: 'add' }, 'must be an array'],
  ])('rejects the whole patch %j', (ops, message) => {
    expect(() => applyJsonPatch(doc, ops)).toThrow(JsonPatchError);
    expect(() => applyJsonPatch(doc, ops)).toThrow(message);
  });
});
