// plexus-install: copy built Plexus plugins into a CNI bin dir, and take them out again. Commander wiring only;
// the work is in ../installer.
import { Command, Option } from 'commander';
import { ExecaRunner } from '@plexus/exec';
import {
  InstallerError,
  NodeInstallerFs,
  defaultFromDir,
  formatInstallReport,
  formatInstalledTable,
  formatUninstallReport,
  installPlugins,
  listInstalled,
  uninstallPlugins,
} from '@plexus/installer';
import { toolVersion } from './tool-version';

const DEFAULT_BIN_DIR = '/opt/cni/bin';

/** buildInstallCli wires the three subcommands; `write` receives what goes to stdout. */
export function buildInstallCli(write: (text: string) => void): Command {
  const fs = new NodeInstallerFs();
  const program = new Command('plexus-install')
    .description('Install Plexus CNI plugins into a CNI bin dir (atomically, tracking what it installed).')
    .version(toolVersion(), '-V, --version', 'print the version');
  const uid = process.getuid?.();
  const binDir = () => new Option('--bin-dir <dir>', 'the CNI plugin dir').default(DEFAULT_BIN_DIR);

  program
    .command('install')
    .description('install the named built plugins (or "all")')
    .requiredOption('--plugins <names>', 'comma-separated plugin names, or "all"')
    .addOption(binDir())
    .option('--from <dir>', 'where the built plugins are', defaultFromDir(__dirname, process.cwd()))
    .option('--force', 'overwrite files Plexus did not install', false)
    .option('--create', 'create --bin-dir when it does not exist (without it, a missing dir is an error)', false)
    .action(async (o: { plugins: string; binDir: string; from: string; force: boolean; create: boolean }) => {
      const outcomes = await installPlugins(
        { fs, runner: new ExecaRunner(), env: process.env, now: () => new Date(), uid },
        { fromDir: o.from, binDir: o.binDir, plugins: o.plugins, force: o.force, create: o.create },
      );
      write(formatInstallReport(outcomes, o.binDir));
    });

  program
    .command('uninstall')
    .description('remove plugins Plexus installed')
    .requiredOption('--plugins <names>', 'comma-separated plugin names, or "all"')
    .addOption(binDir())
    .option('--force', 'also remove files Plexus did not install', false)
    .action(async (o: { plugins: string; binDir: string; force: boolean }) => {
      write(formatUninstallReport(await uninstallPlugins(fs, { binDir: o.binDir, plugins: o.plugins, force: o.force, uid }), o.binDir));
    });

  program
    .command('list')
    .description('show installed Plexus plugins: version, hash, and whether they were modified since')
    .addOption(binDir())
    .option('--json', 'print JSON', false)
    .action(async (o: { binDir: string; json: boolean }) => {
      const rows = await listInstalled(fs, o.binDir);
      write(o.json ? JSON.stringify(rows, null, 2) + '\n' : formatInstalledTable(rows));
    });
  return program;
}

async function main(): Promise<void> {
  try {
    await buildInstallCli((t) => process.stdout.write(t)).parseAsync(process.argv);
  } catch (e) {
    process.stderr.write(`plexus-install: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof InstallerError ? e.exitCode : 1;
  }
}

if (require.main === module) void main();
