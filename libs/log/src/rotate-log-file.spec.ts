import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileSink } from './logger';
import { backupName, listBackups, moveAside, rotateIfFull, rotationLimit, type RotateOptions } from './rotate-log-file';

const DAY = 24 * 60 * 60 * 1000;

describe('log rotation (real temp dir)', () => {
  let dir: string;
  let log: string;
  let clock: Date;
  const opts = (o: Partial<RotateOptions> = {}): RotateOptions => ({ maxSize: 100, maxAge: 0, maxBackups: 0, compress: false, maxBytes: 10, now: () => clock, ...o });
  const tick = (ms: number): void => {
    clock = new Date(clock.getTime() + ms);
  };
  const names = (): string[] => readdirSync(dir).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plexus-rot-'));
    log = join(dir, 'multus.log');
    clock = new Date('2026-12-03T10:04:05.000Z');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names backups as lumberjack does', () => {
    expect(backupName('/var/log/multus.log', clock)).toBe('/var/log/multus-2026-12-03T10-04-05.000.log');
    expect(backupName('/var/log/plexus', clock)).toBe('/var/log/plexus-2026-12-03T10-04-05.000');
  });

  it('uses maxSize in MiB, 0 meaning lumberjack\'s 100', () => {
    expect(rotationLimit({ maxSize: 2, maxAge: 0, maxBackups: 0, compress: false })).toBe(2 * 1024 * 1024);
    expect(rotationLimit({ maxSize: 0, maxAge: 0, maxBackups: 0, compress: false })).toBe(100 * 1024 * 1024);
  });

  it('rotates before the line that would pass maxSize, keeping every line', () => {
    const sink = fileSink(log, undefined, opts());
    sink('aaaa\n');
    sink('bbbb\n'); // 10 bytes: exactly the limit, no rotation
    expect(names()).toEqual(['multus.log']);
    sink('cccc\n');
    expect(names()).toEqual(['multus-2026-12-03T10-04-05.000.log', 'multus.log']);
    expect(readFileSync(join(dir, 'multus-2026-12-03T10-04-05.000.log'), 'utf8')).toBe('aaaa\nbbbb\n');
    expect(readFileSync(log, 'utf8')).toBe('cccc\n');
  });

  it('writes an oversized line into an empty file rather than rotating forever', () => {
    const sink = fileSink(log, undefined, opts({ maxBytes: 3 }));
    sink('0123456789\n');
    expect(names()).toEqual(['multus.log']);
    sink('x\n');
    expect(names()).toHaveLength(2);
    expect(readFileSync(log, 'utf8')).toBe('x\n');
  });

  it('does not rotate without options (the old behaviour)', () => {
    const sink = fileSink(log);
    for (let i = 0; i < 50; i++) sink('0123456789\n');
    expect(names()).toEqual(['multus.log']);
  });

  it('takes the next millisecond when a backup of that name exists', () => {
    writeFileSync(join(dir, 'multus-2026-12-03T10-04-05.000.log'), 'older\n');
    writeFileSync(log, '0123456789');
    expect(rotateIfFull(log, 1, opts())).toBe(true);
    expect(readFileSync(join(dir, 'multus-2026-12-03T10-04-05.000.log'), 'utf8')).toBe('older\n');
    expect(readFileSync(join(dir, 'multus-2026-12-03T10-04-05.001.log'), 'utf8')).toBe('0123456789');
    expect(existsSync(log)).toBe(false);
  });

  it('keeps only the newest maxBackups', () => {
    const sink = fileSink(log, undefined, opts({ maxBackups: 2 }));
    for (let i = 0; i < 5; i++) {
      sink(`line-${i}-xx\n`); // 10 bytes each: every later line rotates
      tick(1000);
    }
    // A backup is stamped with its rotation time: line i-1 went aside when line i came, at 10:04:05+i.
    expect(names()).toEqual(['multus-2026-12-03T10-04-08.000.log', 'multus-2026-12-03T10-04-09.000.log', 'multus.log']);
    expect(readFileSync(join(dir, 'multus-2026-12-03T10-04-09.000.log'), 'utf8')).toBe('line-3-xx\n');
    expect(readFileSync(log, 'utf8')).toBe('line-4-xx\n');
  });

  it('drops backups older than maxAge days by the injected clock, and leaves other files alone', () => {
    writeFileSync(join(dir, 'multus-2026-11-20T00-00-00.000.log'), 'old\n');
    writeFileSync(join(dir, 'multus-2026-12-01T00-00-00.000.log.gz'), 'recent\n');
    writeFileSync(join(dir, 'multus-notastamp.log'), 'keep\n');
    writeFileSync(join(dir, 'other-2026-11-20T00-00-00.000.log'), 'keep\n');
    writeFileSync(log, '0123456789');
    expect(rotateIfFull(log, 1, opts({ maxAge: 5 }))).toBe(true);
    expect(names()).toEqual([
      'multus-2026-12-01T00-00-00.000.log.gz',
      'multus-2026-12-03T10-04-05.000.log',
      'multus-notastamp.log',
      'other-2026-11-20T00-00-00.000.log',
    ]);
    tick(3 * DAY);
    writeFileSync(log, '0123456789');
    rotateIfFull(log, 1, opts({ maxAge: 5 }));
    expect(names()).toContain('multus-2026-12-03T10-04-05.000.log');
    expect(names()).not.toContain('multus-2026-12-01T00-00-00.000.log.gz');
  });

  it('gzips rotated files atomically (no temp left), and counts a backup and its .gz once', () => {
    const sink = fileSink(log, undefined, opts({ compress: true, maxBackups: 1 }));
    sink('first-xxx\n');
    sink('second-xx\n');
    expect(names()).toEqual(['multus-2026-12-03T10-04-05.000.log.gz', 'multus.log']);
    expect(gunzipSync(readFileSync(join(dir, 'multus-2026-12-03T10-04-05.000.log.gz'))).toString()).toBe('first-xxx\n');
    tick(1000);
    // A compression cut short left both forms of the same backup: they are one backup.
    writeFileSync(join(dir, 'multus-2026-12-03T10-04-05.000.log'), 'first-xxx\n');
    sink('third-xxx\n');
    expect(names()).toEqual(['multus-2026-12-03T10-04-06.000.log.gz', 'multus.log']);
    expect(listBackups(log)).toEqual([{ file: join(dir, 'multus-2026-12-03T10-04-06.000.log.gz'), time: Date.parse('2026-12-03T10:04:06.000Z'), gz: true }]);
  });

  it('undoes its link when a racing process had already rotated (what it linked is a fresh, small file)', () => {
    writeFileSync(log, 'fresh\n');
    const seen: number[] = [];
    expect(moveAside(log, clock, (size) => (seen.push(size), false))).toBe(false);
    expect(seen).toEqual([6]);
    expect(names()).toEqual(['multus.log']);
    expect(readFileSync(log, 'utf8')).toBe('fresh\n');
    expect(moveAside(log, clock, () => true)).toBe(true);
    expect(names()).toEqual(['multus-2026-12-03T10-04-05.000.log']);
  });

  it('just appends when another process rotated the file first', () => {
    const sink = fileSink(log, undefined, opts({ maxBytes: 1 }));
    sink('a\n');
    rmSync(log);
    sink('b\n'); // the file vanished (another process rotated it): just append
    expect(readFileSync(log, 'utf8')).toBe('b\n');
  });
});
