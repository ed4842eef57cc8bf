/** The cap on one sleep between attempts: a CNI ADD has a budget of seconds, not minutes. */
export const MAX_BACKOFF_MS = 2000;

/** backoffDelay is the sleep before retry number `attempt` (0-based): base, 2×base, 4×base… capped. */
export function backoffDelay(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** attempt, MAX_BACKOFF_MS);
}
