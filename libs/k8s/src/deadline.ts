/** DeadlineError: an attempt outlived its deadline (the request itself is destroyed by the attempt guard). */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/**
 * raceDeadline settles with `p` or rejects with DeadlineError at `deadlineAt`, whichever comes first. It backs up
 * the socket-level deadline for work outside the socket (response parsing, a stuck agent).
 */
export async function raceDeadline<T>(p: Promise<T>, deadlineAt: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError('deadline exceeded')), Math.max(0, deadlineAt - Date.now()));
    timer.unref();
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}
