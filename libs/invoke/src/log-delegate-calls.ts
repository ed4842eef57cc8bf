import { isCniError, type Result } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import type { DelegateRequest, Delegator } from './delegator';

/**
 * logDelegateCalls wraps a Delegator so every call is logged at debug once it ends: type, command, interface,
 * duration and outcome (with the code and message of a failure). What a meta plugin did, step by step, is then
 * in its log file when an operator asks why a pod's ADD took long or failed.
 */
export function logDelegateCalls(inner: Delegator, log: Logger, now: () => number = () => performance.now()): Delegator {
  const timed = async <T>(req: DelegateRequest, run: () => Promise<T>): Promise<T> => {
    const started = now();
    const fields = { type: req.type, command: req.command, ifName: req.ifName ?? req.env.CNI_IFNAME ?? '' };
    try {
      const out = await run();
      log.debug('delegate call', { ...fields, durationMs: Math.round(now() - started), outcome: 'ok' });
      return out;
    } catch (e) {
      const failure = isCniError(e) ? { code: e.code, error: e.msg, ...(e.details ? { details: e.details } : {}) } : { error: e instanceof Error ? e.message : String(e) };
      log.debug('delegate call', { ...fields, durationMs: Math.round(now() - started), outcome: 'failed', ...failure });
      throw e;
    }
  };
  return {
    add: (req): Promise<Result> => timed({ ...req, command: 'ADD' }, () => inner.add(req)),
    run: (req): Promise<void> => timed(req, () => inner.run(req)),
    ...(inner.locate ? { locate: inner.locate.bind(inner) } : {}),
  };
}
