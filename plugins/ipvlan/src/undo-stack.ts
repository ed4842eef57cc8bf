import type { Logger } from '@plexus/log';

interface UndoStep {
  label: string;
  run: () => Promise<void>;
}

/**
 * UndoStack makes ADD transactional: each side effect pushes the step that reverses it, and a failure unwinds
 * them newest first. An explicit stack rather than deferred closures over an error variable: the reference
 * plugin's deferred IPAM release reads a shadowed `err` and so never fires after a late failure (the IP leaks).
 */
export class UndoStack {
  private readonly steps: UndoStep[] = [];

  /** push records how to reverse the side effect that just succeeded. */
  push(label: string, run: () => Promise<void>): void {
    this.steps.push({ label, run });
  }

  /** unwind runs every step newest first; a failing step is logged and the rest still run. */
  async unwind(log: Logger): Promise<void> {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step.run();
      } catch (e) {
        log.error('rollback step failed', { step: step.label, error: e });
      }
    }
  }
}

/**
 * withUndo runs `body` with a fresh UndoStack; if it throws, the stack is unwound and the original error is
 * rethrown (a rollback problem never hides the cause).
 */
export async function withUndo<T>(log: Logger, body: (undo: UndoStack) => Promise<T>): Promise<T> {
  const undo = new UndoStack();
  try {
    return await body(undo);
  } catch (e) {
    await undo.unwind(log);
    throw e;
  }
}
