/**
 * CnictlError is a failure of cnictl's own (settings, loading, arguments) that it reports as one line on stderr with
 * exit code 1 (as cnitool's exit(err)). Failures of the list operations come from @plexus/conflist as CniError
 * with libcni's messages and are reported the same way.
 */
export class CnictlError extends Error {
  override name = 'CnictlError';
}
