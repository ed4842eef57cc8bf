const PLAIN_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * plainFileNameProblem tells why an id cannot be used as a file name inside a directory (DANM's NetworkID selects
 * `<confDir>/<id>.conf`), or undefined when it can: no `/`, no `..`, no NUL, and `^[A-Za-z0-9][A-Za-z0-9_.-]*$`.
 */
export function plainFileNameProblem(id: string): string | undefined {
  if (id === '') return 'is empty';
  if (id.includes('\0')) return 'contains a NUL byte';
  if (id.includes('/')) return 'contains "/"';
  if (id.includes('..')) return 'contains ".."';
  if (!PLAIN_FILE_RE.test(id)) return `must match ${PLAIN_FILE_RE.source}`;
  return undefined;
}
