import { CniError, isCniError } from '@plexus/cni-spec';
import { catchCniError } from '@plexus/cni-spec/testing';
import { checkKnownKeys, readKnownObject } from './known-keys';
import { FieldProblem, joinFieldPath } from './field-problem';
import { jsonTypeOf } from './json-value';
import { readBoolean, readList, readObject, readString, readStringList } from './read-fields';
import { readInteger, readWholeNumber } from './read-numbers';

describe('field readers', () => {
  it('treat null as absent and name wrong types', () => {
    expect(readStringList(null, 'x')).toBeUndefined();
    expect(catchCniError(() => readStringList([1], 'args.cni.ips')).msg).toBe('invalid args.cni.ips[0]');
    expect(readBoolean(true, 'ipam.allowEmpty')).toBe(true);
    expect(catchCniError(() => readBoolean('yes', 'ipam.allowEmpty')).details).toBe('must be true or false, got string "yes"');
  });

  it('return the value of the right type and name the JSON type of a wrong one', () => {
    expect(readObject({ a: 1 }, 'o')).toEqual({ a: 1 });
    expect(readList([1], 'l')).toEqual([1]);
    expect(readString('', 's')).toBe('');
    for (const read of [readObject, readList, readString, readStringList, readBoolean]) expect(read(undefined, 'f')).toBeUndefined();
    expect(catchCniError(() => readObject([], 'ipam')).details).toBe('must be an object, got a list');
    expect(catchCniError(() => readList({}, 'ipam.routes')).details).toBe('must be a list, got an object');
    expect(catchCniError(() => readString(5, 'ipam.type')).details).toBe('must be a string, got number 5');
  });
});

describe('FieldProblem', () => {
  it('is the code-7 CniError invalidConfig would build, and keeps field and problem apart', () => {
    const e = catchCniError(() => readString(true, 'ipam.type'));
    expect(e).toBeInstanceOf(FieldProblem);
    expect(isCniError(e)).toBe(true);
    expect(e.name).toBe('CniError');
    expect(e.toJSON('1.0.0')).toEqual({ cniVersion: '1.0.0', code: 7, msg: 'invalid ipam.type', details: 'must be a string, got boolean true' });
    expect(e.message).toBe(new CniError(7, 'invalid ipam.type', 'must be a string, got boolean true').message);
    expect([(e as FieldProblem).field, (e as FieldProblem).problem]).toEqual(['ipam.type', 'must be a string, got boolean true']);
  });

  it('re-roots its path under a parent field', () => {
    const e = new FieldProblem('ips[1]', 'bad').within('networks[0]');
    expect([e.field, e.msg, e.details]).toEqual(['networks[0].ips[1]', 'invalid networks[0].ips[1]', 'bad']);
    expect(joinFieldPath('a', '[0]')).toBe('a[0]');
    expect(joinFieldPath('', 'b')).toBe('b');
    expect(joinFieldPath('a', '')).toBe('a');
  });
});

describe('number readers', () => {
  it('readInteger takes integers in range only', () => {
    expect(readInteger(null, 'table', 1, 9)).toBeUndefined();
    expect(readInteger(9, 'table', 1, 9)).toBe(9);
    expect(catchCniError(() => readInteger(10, 'routes[0].table', 1, 9)).details).toBe('must be an integer from 1 to 9, got number 10');
    expect(catchCniError(() => readInteger(1.5, 't', 1, 9)).msg).toBe('invalid t');
  });

  it('readWholeNumber takes a string of digits only when allowed, and names a unit', () => {
    expect(readWholeNumber(3, 'n', 0, 5)).toBe(3);
    expect(readWholeNumber('3', 'n', 0, 5, { allowString: true })).toBe(3);
    expect(catchCniError(() => readWholeNumber('3', 'n', 0, 5)).details).toBe('must be a whole number from 0 to 5, got string "3"');
    expect(catchCniError(() => readWholeNumber('-3', 'n', 0, 5, { allowString: true })).details).toBe('must be a whole number from 0 to 5, got string "-3"');
    expect(catchCniError(() => readWholeNumber(0, 'timeoutMs', 1, 9, { unit: 'milliseconds' })).details).toBe('must be a whole number of milliseconds from 1 to 9, got number 0');
  });
});

describe('known keys', () => {
  it('names the first unknown key under the field', () => {
    expect(() => checkKnownKeys({ dst: 'x' }, 'routes[0]', ['dst', 'gw'])).not.toThrow();
    const e = catchCniError(() => checkKnownKeys({ dst: 'x', gateway: 'y', via: 'z' }, 'routes[0]', ['dst', 'gw']));
    expect([e.code, e.msg, e.details]).toEqual([7, 'invalid routes[0].gateway', 'unknown key (known keys: dst, gw)']);
  });

  it('readKnownObject wants an object', () => {
    expect(readKnownObject({ dst: 'x' }, 'r', ['dst'])).toEqual({ dst: 'x' });
    expect(catchCniError(() => readKnownObject('x', 'routes[2]', ['dst'])).details).toBe('must be an object, got string "x"');
  });
});

describe('jsonTypeOf', () => {
  it('names each JSON type', () => {
    expect([null, [], {}, 'a', 1, false].map(jsonTypeOf)).toEqual(['null', 'a list', 'an object', 'string "a"', 'number 1', 'boolean false']);
  });
});
