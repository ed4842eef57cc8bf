import { UndoStack, withUndo, type UndoLog } from './undo-stack';

function capture(): { log: UndoLog; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { log: { error: (msg, fields) => lines.push({ level: 'error', msg, ...fields }) }, lines };
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

  it('unwinds the steps pushed before the failure of a later one, even when pushed concurrently', async () => {
    const { log } = capture();
    const ran: string[] = [];
    await expect(
      withUndo(log, async (undo) => {
        await Promise.all([
          (async () => undo.push('link', async () => void ran.push('link')))(),
          (async () => undo.push('ipam', async () => void ran.push('ipam')))(),
        ]);
        throw new Error('late');
      }),
    ).rejects.toThrow('late');
    expect(ran).toEqual(['ipam', 'link']);
  });
});

describe('UndoStack.unwind', () => {
  it('collects every failure in the order the steps ran and empties the stack', async () => {
    const undo = new UndoStack();
    const boom = (m: string) => async () => {
      throw new Error(m);
    };
    undo.push('first', boom('one'));
    undo.push('second', async () => undefined);
    undo.push('third', boom('three'));
    expect(undo.size).toBe(3);
    const failures = await undo.unwind();
    expect(failures.map((f) => [f.label, (f.error as Error).message])).toEqual([
      ['third', 'three'],
      ['first', 'one'],
    ]);
    expect(undo.size).toBe(0);
    expect(await undo.unwind()).toEqual([]);
  });

  it('tells onStep each outcome in the order the steps ran, with the structured label pushed', async () => {
    const undo = new UndoStack<{ op: string; ifName: string }>();
    const cause = new Error('busy');
    undo.push({ op: 'release', ifName: 'net1' }, async () => undefined);
    undo.push({ op: 'delete', ifName: 'net2' }, async () => {
      throw cause;
    });
    undo.push({ op: 'delete', ifName: 'eth0' }, async () => undefined);
    const outcomes: unknown[] = [];
    const failures = await undo.unwind((o) => outcomes.push(o));
    expect(outcomes).toEqual([
      { label: { op: 'delete', ifName: 'eth0' }, undone: true },
      { label: { op: 'delete', ifName: 'net2' }, undone: false, error: cause },
      { label: { op: 'release', ifName: 'net1' }, undone: true },
    ]);
    expect(failures).toEqual([{ label: { op: 'delete', ifName: 'net2' }, error: cause }]);
  });
});
