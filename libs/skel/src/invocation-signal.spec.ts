import { DEADLINE_ENV, invocationSignal } from './invocation-signal';

// Issue 11: an exec'd delegate's lock waits must end before its caller's timeout kills it.
describe('invocationSignal', () => {
  it('aborts shortly before the caller deadline', async () => {
    const started = Date.now();
    const { signal, dispose } = invocationSignal({ [DEADLINE_ENV]: String(started + 400) });
    await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
    const at = Date.now() - started;
    dispose();
    expect(at).toBeGreaterThanOrEqual(300);
    expect(at).toBeLessThan(400);
  });

  it('aborts on SIGTERM, and no longer listens once disposed', () => {
    const before = process.listenerCount('SIGTERM');
    const { signal, dispose } = invocationSignal({});
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(signal.aborted).toBe(true);
    dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    const quiet = invocationSignal({ [DEADLINE_ENV]: 'garbage' });
    expect(quiet.signal.aborted).toBe(false);
    quiet.dispose();
  });
});
