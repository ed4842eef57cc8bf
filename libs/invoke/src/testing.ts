import { CniError, type Result } from '@plexus/cni-spec';
import type { DelegateRequest, Delegator } from './delegator';

type AddAnswer = Result | CniError | ((req: DelegateRequest) => Result | Promise<Result>);
type RunAnswer = void | CniError | ((req: DelegateRequest) => void | Promise<void>);

/**
 * FakeDelegator records every delegated call and answers from per-(type, command) scripts. Unscripted ADDs fail
 * with code 999 so a test never passes on an accidental default.
 */
export class FakeDelegator implements Delegator {
  readonly calls: DelegateRequest[] = [];
  /** Set to script binary lookups (unset: callers skip the pre-flight lookup, as for any delegator without one). */
  locate?: (type: string, dirs: readonly string[]) => string;
  private readonly adds = new Map<string, AddAnswer>();
  private readonly runs = new Map<string, RunAnswer>();

  onAdd(type: string, answer: AddAnswer): this {
    this.adds.set(type, answer);
    return this;
  }

  on(type: string, command: 'DEL' | 'CHECK' | 'STATUS' | 'GC', answer: RunAnswer): this {
    this.runs.set(`${type}/${command}`, answer);
    return this;
  }

  async add(req: Omit<DelegateRequest, 'command'>): Promise<Result> {
    const full = { ...req, command: 'ADD' as const };
    this.calls.push(full);
    const a = this.adds.get(req.type);
    if (a === undefined) throw new CniError(999, `no scripted ADD for "${req.type}"`);
    if (a instanceof CniError) throw a;
    return typeof a === 'function' ? a(full) : structuredClone(a);
  }

  async run(req: DelegateRequest): Promise<void> {
    this.calls.push(req);
    const a = this.runs.get(`${req.type}/${req.command}`);
    if (a instanceof CniError) throw a;
    if (typeof a === 'function') await a(req);
  }

  /** commands lists "type COMMAND" per call, in order. */
  commands(): string[] {
    return this.calls.map((c) => `${c.type} ${c.command}`);
  }
}
