/** Why the installer refused or failed; each kind maps to one exit code so scripts can tell them apart. */
export type InstallerErrorKind = 'usage' | 'unknown-plugin' | 'refused' | 'source-missing' | 'not-plexus' | 'permission';

const EXIT_CODES: Record<InstallerErrorKind, number> = {
  usage: 2,
  'unknown-plugin': 2,
  'source-missing': 2,
  'not-plexus': 2,
  refused: 3,
  permission: 4,
};

/**
 * InstallerError is every failure the installer reports on purpose: the message is written for the operator
 * (what was refused, why, and how to override), and `exitCode` is what the CLI exits with.
 */
export class InstallerError extends Error {
  override name = 'InstallerError';
  readonly exitCode: number;
  constructor(
    readonly kind: InstallerErrorKind,
    message: string,
  ) {
    super(message);
    this.exitCode = EXIT_CODES[kind];
  }
}
