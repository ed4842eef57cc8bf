/** Where withUndo reports a rollback step that failed (structurally @plexus/log's Logger, so this lib needs none). */
export interface UndoLog {
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A rollback step that threw while the stack unwound. */
export interface UndoFailure<L = string> {
  /** The step's label, e.g. `IPAM DEL (static)`, or whatever structured label the caller pushed. */
  label: L;
  error: unknown;
}

/** What one step came to as the stack unwound: undone, or failed with the error it threw. */
export type UndoOutcome<L = string> = { label: L; undone: true } | { label: L; undone: false; error: unknown };

interface UndoStep<L> {
  label: L;
  run: () => Promise<void>;
}

/**
 * UndoStack makes ADD transactional: each side effect pushes the step that reverses it, and a failure unwinds
 * them newest first. An explicit stack rather than deferred closures over an error variable: the reference
 * plugin's deferred IPAM release reads a shadowed `err` and so never fires after a late failure (the IP leaks).
 * Labels are strings by default; a caller that reports each step itself (the dispatcher's checkpoint replay) labels
 * them with structured values (`L`).
 */
export class UndoStack<L = string> {
  private readonly steps: Array<UndoStep<L>> = [];

  /** push records how to reverse the side effect that just succeeded. */
  push(label: L, run: () => Promise<void>): void {
    this.steps.push({ label, run });
  }

  /** size is the number of steps not yet unwound. */
  get size(): number {
    return this.steps.length;
  }

  /**
   * unwind runs every step newest first and empties the stack; a failing step does not stop the rest (each is
   * independent and idempotent). Returns the failures in the order the steps ran (empty = fully undone);
   * `onStep`, when given, hears each step's outcome as it ends, successes included (a caller's own report).
   */
  async unwind(onStep?: (outcome: UndoOutcome<L>) => void): Promise<Array<UndoFailure<L>>> {
    const failures: Array<UndoFailure<L>> = [];
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        failures.push({ label: step.label, error });
        onStep?.({ label: step.label, undone: false, error });
        continue;
      }
      onStep?.({ label: step.label, undone: true });
    }
    return failures;
  }
}

/**
 * withUndo runs `body` with a fresh UndoStack; if it throws, the stack is unwound, each failed step is logged
 * (`rollback step failed`, with the step's label) and the original error is rethrown: a rollback problem never
 * hides the cause.
 */
export async function withUndo<T>(log: UndoLog, body: (undo: UndoStack) => Promise<T>): Promise<T> {
  const undo = new UndoStack();
  try {
    return await body(undo);
  } catch (e) {
    for (const f of await undo.unwind()) log.error('rollback step failed', { step: f.label, error: f.error });
    throw e;
  }
}
