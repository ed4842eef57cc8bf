import type { Command } from 'commander';
import { buildCnictlCli } from './cnictl';
import { buildInstallCli } from './plexus-install';
import { toolVersion } from './tool-version';

// Every CLI answers --version (issue 11 #10); the built bundles (stamped version) are checked in
// e2e/src/installer/cli-version.e2e.ts.
function versionOf(program: Command): string {
  let out = '';
  program.exitOverride().configureOutput({ writeOut: (t) => void (out += t) });
  try {
    program.parse(['node', 'cli', '--version']);
  } catch (e) {
    expect((e as { code?: string }).code).toBe('commander.version');
  }
  return out;
}

describe('--version', () => {
  it('is answered by cnictl and plexus-install', () => {
    expect(versionOf(buildCnictlCli(() => undefined))).toBe(`${toolVersion()}\n`);
    expect(versionOf(buildInstallCli(() => undefined))).toBe(`${toolVersion()}\n`);
    expect(toolVersion()).toBe('0.1.0-source');
  });
});
