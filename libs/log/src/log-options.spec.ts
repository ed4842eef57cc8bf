import { CniError } from '@plexus/cni-spec';
import { LOG_OPTION_DEFAULTS, parseLogOptions } from './log-options';

describe('parseLogOptions', () => {
  it('is undefined when absent, and fills Multus\' defaults', () => {
    expect(parseLogOptions(undefined)).toBeUndefined();
    expect(parseLogOptions(null)).toBeUndefined();
    expect(parseLogOptions({})).toEqual(LOG_OPTION_DEFAULTS);
    expect(parseLogOptions({ maxSize: 10 })).toEqual({ maxSize: 10, maxAge: 5, maxBackups: 5, compress: true });
    expect(parseLogOptions({ maxSize: 0, maxAge: 0, maxBackups: 0, compress: false })).toEqual({ maxSize: 0, maxAge: 0, maxBackups: 0, compress: false });
  });

  it.each([
    ['not an object', [1], 'invalid logOptions', /must be an object/],
    ['an unknown key', { maxsize: 1 }, 'invalid logOptions.maxsize', /unknown key/],
    ['a negative maxAge', { maxAge: -1 }, 'invalid logOptions.maxAge', /whole number/],
    ['a fractional maxSize', { maxSize: 0.5 }, 'invalid logOptions.maxSize', /whole number/],
    ['a string maxBackups', { maxBackups: '3' }, 'invalid logOptions.maxBackups', /whole number/],
    ['a string compress', { compress: 'yes' }, 'invalid logOptions.compress', /boolean/],
  ])('refuses %s with code 7 naming the field', (_what, raw, msg, details) => {
    let err: unknown;
    try {
      parseLogOptions(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CniError);
    expect(err).toMatchObject({ code: 7, msg });
    expect((err as CniError).details).toMatch(details);
  });
});
