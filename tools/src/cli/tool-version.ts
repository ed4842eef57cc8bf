declare const __PLEXUS_VERSION__: string | undefined;

/** The version of the tools when run from source (tests, ts): the bundler stamps the real one in. */
const SOURCE_VERSION = '0.1.0-source';

/**
 * toolVersion is what every Plexus CLI prints for `--version`: the version the bundler stamps into the bundle
 * (package version + commit, as the plugins' about line), or a marker when run from source.
 */
export function toolVersion(): string {
  return typeof __PLEXUS_VERSION__ === 'string' ? __PLEXUS_VERSION__ : SOURCE_VERSION;
}
