/** Error codes from the CNI spec (SPEC.md §5 "Error"), plus the Go library's 8 and 999. */
export const CniCode = {
  IncompatibleVersion: 1,
  UnsupportedField: 2,
  UnknownContainer: 3,
  InvalidEnvironment: 4,
  IoFailure: 5,
  DecodingFailure: 6,
  InvalidConfig: 7,
  InvalidNetns: 8,
  TryAgainLater: 11,
  PluginNotAvailable: 50,
  LimitedConnectivity: 51,
  Internal: 999,
} as const;

export type CniCodeValue = (typeof CniCode)[keyof typeof CniCode] | number;

/** The JSON shape of a CNI error result. */
export interface CniErrorJson {
  cniVersion?: string;
  code: number;
  msg: string;
  details?: string;
}

/**
 * CniError is the one error type that crosses a plugin boundary: it carries the spec code, a short message and
 * optional details, and serialises to the spec's error object. Plugin-specific codes are >= 100.
 */
export class CniError extends Error {
  override name = 'CniError';
  constructor(
    readonly code: CniCodeValue,
    readonly msg: string,
    readonly details?: string,
  ) {
    super(details ? `${msg}: ${details}` : msg);
  }

  /** toJSON renders the spec's error object (cniVersion is added by the caller that knows it). */
  toJSON(cniVersion?: string): CniErrorJson {
    const out: CniErrorJson = { code: this.code, msg: this.msg };
    if (cniVersion) out.cniVersion = cniVersion;
    if (this.details) out.details = this.details;
    return out;
  }
}

/** isCniError narrows an unknown throw to a CniError. */
export function isCniError(e: unknown): e is CniError {
  return e instanceof CniError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'CniError');
}

/** invalidConfig builds a code-7 error that names the offending field. */
export function invalidConfig(field: string, problem: string): CniError {
  return new CniError(CniCode.InvalidConfig, `invalid ${field}`, problem);
}

/** decodeFailure builds a code-6 error. */
export function decodeFailure(what: string, problem: string): CniError {
  return new CniError(CniCode.DecodingFailure, `failed to decode ${what}`, problem);
}

/** invalidEnv builds a code-4 error naming the variables. */
export function invalidEnv(vars: string[], problem = 'missing'): CniError {
  return new CniError(CniCode.InvalidEnvironment, `required env variables [${vars.join(',')}] ${problem}`);
}

/** tryAgainLater builds a code-11 error for transient failures. */
export function tryAgainLater(msg: string, details?: string): CniError {
  return new CniError(CniCode.TryAgainLater, msg, details);
}

/** toCniError turns any throw into a CniError (unknown errors become 999 Internal, never wrapped twice). */
export function toCniError(e: unknown): CniError {
  if (isCniError(e)) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new CniError(CniCode.Internal, msg);
}
