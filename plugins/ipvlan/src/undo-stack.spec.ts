import { createLogger } from '@plexus/log';
import { withUndo } from './undo-stack';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ level: 'debug', sink: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { log, lines };
}

describe('withUndo', () => {
  it('returns the result and runs no undo step on success', async () => {
    const { log } = capture();
    const ran: string[] = [];
    await expect(
      withUndo(log, async (undo) => {
        undo.push('a', async () => void ran.push('a'));
        return 42;
      }),
    ).resolves.toBe(42);
    expect(ran).toEqual([]);
  });

  it('unwinds newest first, keeps going past a failing step and rethrows the original error', async () => {
    const { log, lines } = capture();
    const ran: string[] = [];
    const cause = new Error('configure failed');
    await expect(
      withUndo(log, async (undo) => {
        undo.push('delete link', async () => void ran.push('delete link'));
        undo.push('ipam del', async () => {
          ran.push('ipam del');
          throw new Error('ipam unreachable');
        });
        throw cause;
      }),
    ).rejects.toBe(cause);
    expect(ran).toEqual(['ipam del', 'delete link']);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'rollback step failed', step: 'ipam del' })]);
  });
});
