/**
 * toSeaMain turns a plugin bundle (dist/bin/<name>) into a SEA main script: the shebang line goes (Node compiles
 * the SEA main inside the CommonJS wrapper, where "#!" is a syntax error); the marker line stays as a comment, so
 * the embedded script still names its plugin.
 */
export function toSeaMain(bundle: string): string {
  return bundle.startsWith('#!') ? bundle.slice(bundle.indexOf('\n') + 1) : bundle;
}

/** seaConfig is the `--experimental-sea-config` JSON for one plugin. */
export function seaConfig(mainPath: string, blobPath: string, useCodeCache: boolean): string {
  return JSON.stringify({ main: mainPath, output: blobPath, disableExperimentalSEAWarning: true, useCodeCache }, null, 2) + '\n';
}
