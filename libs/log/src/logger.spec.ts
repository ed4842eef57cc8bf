import { createLogger, parseLogLevel } from './logger';

describe('createLogger', () => {
  it('writes JSON lines at or above the level, with child fields', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', sink: (l) => lines.push(l), now: () => new Date(0), fields: { plugin: 'p' } });
    log.debug('hidden');
    log.child({ cmd: 'ADD' }).warn('shown', { err: new Error('boom') });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ ts: '1970-01-01T00:00:00.000Z', level: 'warn', msg: 'shown', plugin: 'p', cmd: 'ADD', err: { name: 'Error', message: 'boom' } });
    expect(lines[0]!.endsWith('\n')).toBe(true);
  });

  it('survives a failing sink', () => {
    const log = createLogger({ level: 'debug', sink: () => { throw new Error('disk full'); } });
    expect(() => log.error('x')).not.toThrow();
  });
});

describe('parseLogLevel', () => {
  it.each([['DEBUG', 'debug'], ['warning', 'warn'], ['panic', 'error'], ['nope', 'warn'], [undefined, 'warn']])('%s → %s', (input, want) => {
    expect(parseLogLevel(input)).toBe(want);
  });
});
