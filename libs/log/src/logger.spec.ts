import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, fileSink, logLevelNamed, parseLogLevel } from './logger';

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

describe('logLevelNamed', () => {
  it.each([['Debug', 'debug'], ['fatal', 'error'], ['trace', 'debug'], ['silent', 'silent'], ['debgu', undefined], ['', undefined]])('%s → %s', (input, want) => {
    expect(logLevelNamed(input)).toBe(want);
  });
});

describe('fileSink', () => {
  it('appends to the file, and falls back with one warning when it cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-log-'));
    try {
      const ok = fileSink(join(dir, 'a.log'));
      ok('one\n');
      ok('two\n');
      expect(readFileSync(join(dir, 'a.log'), 'utf8')).toBe('one\ntwo\n');
      const seen: string[] = [];
      const missing = fileSink(join(dir, 'nope', 'b.log'), (l) => seen.push(l));
      missing('x\n');
      missing('y\n');
      expect(seen).toHaveLength(3);
      expect(JSON.parse(seen[0]!)).toMatchObject({ level: 'warn', msg: 'cannot write logFile; logging to stderr instead', error: 'ENOENT' });
      expect(seen.slice(1)).toEqual(['x\n', 'y\n']);
      expect(() => fileSink(join(dir, 'nope', 'c.log'))('z\n')).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
