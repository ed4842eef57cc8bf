// cnictl: a cnitool-compatible client (add|check|del|status|gc <network> <netns>). Commander wiring only; the
// work is in ../cnictl.
import { Command } from 'commander';
import { ExecaRunner } from '@plexus/exec';
import { PluginDelegator } from '@plexus/invoke';
import { NodeFileStore } from '@plexus/store';
import { CheckpointStore } from '@plexus/checkpoint';
import {
  CNICTL_COMMANDS,
  DEFAULT_CHECKPOINT_DIR,
  findCheckpoint,
  listCheckpoints,
  parseValidAttachments,
  purgeCheckpoint,
  readSettings,
  renderCheckpointList,
  runCnictl,
  type CnictlCommand,
} from '../cnictl';
import { toolVersion } from './tool-version';

const HELP_ENV = `
Environment (as cnitool):
  NETCONFPATH           directory of *.conflist / *.conf / *.json network configs (default /etc/cni/net.d)
  CNI_PATH              plugin search path (':'-separated)
  CNI_IFNAME            interface name in the container (default eth0)
  CNI_ARGS              K=V;K2=V2 passed to every plugin
  CAP_ARGS              JSON object of capability args, injected as runtimeConfig
  PLEXUS_CNI_CACHE_DIR  result cache dir, like --cache-dir (default /var/lib/cni; files under results/)
  PLEXUS_CNICTL_TIMEOUT_MS  per-plugin timeout, like --timeout
  PLEXUS_CHECKPOINT_DIR the meta-dispatcher's cacheDir for "checkpoints" (default /var/lib/cni/plexus/meta-dispatcher)`;

interface Flags {
  cacheDir?: string;
  timeout?: string;
  valid?: string;
}

/** buildCnictlCli wires one subcommand per cnitool command; `write` receives what goes to stdout. */
export function buildCnictlCli(write: (text: string) => void): Command {
  const program = new Command('cnictl')
    .description('Run CNI network configurations against a network namespace, the way cnitool (libcni) does.')
    .version(toolVersion(), '-V, --version', 'print the version')
    .addHelpText('after', HELP_ENV);
  for (const command of CNICTL_COMMANDS) {
    const needsNetns = command === 'add' || command === 'check' || command === 'del';
    const sub = program
      .command(command)
      .description(`${command.toUpperCase()} the network${needsNetns ? ' in the netns' : ''}`)
      .argument('<network>', 'network name (the "name" of a conflist in NETCONFPATH)')
      .argument(needsNetns ? '<netns>' : '[netns]', 'network namespace path, e.g. /var/run/netns/x')
      .option('--cache-dir <dir>', 'result cache dir (libcni CacheDir; files under <dir>/results)')
      .option('--timeout <ms>', 'per-plugin timeout in milliseconds')
      .action(async (network: string, netns: string | undefined, flags: Flags) => {
        write(await runOnce(command, network, netns, flags));
      });
    if (command === 'gc') sub.option('--valid <attachments>', 'still-valid attachments, containerID/ifname,… (every other cached one is deleted)');
  }
  addCheckpointCommands(program, write, setExitCode);
  return program;
}

interface CheckpointFlags {
  dir: string;
  json?: boolean;
  force?: boolean;
  keepOnFailure?: boolean;
  timeout?: string;
}

/**
 * addCheckpointCommands wires `cnictl checkpoints list|show|purge`: the meta-dispatcher's checkpoints, and the way
 * out for a pod whose DEL keeps failing (purge runs the checkpoint's DEL replay best effort, reports what it could
 * not undo and removes the checkpoint).
 */
function addCheckpointCommands(program: Command, write: (text: string) => void, exit: (code: number) => void): void {
  const cps = program.command('checkpoints').description("list, show and purge the meta-dispatcher's checkpoints (stuck pods)");
  const dirOption = (c: Command) => c.option('--dir <dir>', "the meta-dispatcher's cacheDir", process.env.PLEXUS_CHECKPOINT_DIR || DEFAULT_CHECKPOINT_DIR);
  const store = (f: CheckpointFlags) => new CheckpointStore(new NodeFileStore(), f.dir);
  dirOption(cps.command('list').description('one line per checkpoint (damaged files included)').option('--json', 'print JSON'))
    .action(async (f: CheckpointFlags) => {
      const rows = await listCheckpoints(store(f));
      write(f.json ? JSON.stringify(rows, null, 2) + '\n' : renderCheckpointList(rows));
    });
  dirOption(cps.command('show').description('print one checkpoint').argument('<target>', 'container id, or checkpoint file name'))
    .action(async (target: string, f: CheckpointFlags) => {
      const entry = await findCheckpoint(store(f), target);
      if (!('checkpoint' in entry)) throw new Error(entry.error.details ?? entry.error.message);
      write(JSON.stringify(entry.checkpoint, null, 2) + '\n');
    });
  dirOption(
    cps
      .command('purge')
      .description("run each delegate's DEL best effort from the checkpoint, report what could not be undone, remove the checkpoint")
      .argument('<targets...>', 'container ids, or checkpoint file names')
      .option('--force', 'also remove a checkpoint file that cannot be read (nothing in it can be undone)')
      .option('--keep-on-failure', 'keep the checkpoint when a step could not be undone')
      .option('--timeout <ms>', 'per-delegate timeout in milliseconds'),
  ).action(async (targets: string[], f: CheckpointFlags) => {
    const settings = readSettings(process.env, { timeoutMs: f.timeout });
    const chain = {
      delegator: new PluginDelegator({ runner: new ExecaRunner(), inProcess: false }),
      baseEnv: process.env,
      cniPath: settings.cniPath,
      timeoutMs: settings.timeoutMs,
      writeStderr: (t: string) => void process.stderr.write(t),
    };
    let leftovers = false;
    for (const target of targets) {
      const report = await purgeCheckpoint(store(f), chain, target, { force: f.force, keepOnFailure: f.keepOnFailure });
      write(JSON.stringify(report, null, 2) + '\n');
      for (const s of report.notUndone) process.stderr.write(`not undone: ${s.op} ${s.ifName} (${s.network}): ${s.error}\n`);
      leftovers ||= report.notUndone.length > 0;
    }
    // 3: purged, but something is left for the operator (listed on stderr and in the report).
    if (leftovers) exit(3);
  });
}

function setExitCode(code: number): void {
  process.exitCode = code;
}

async function runOnce(command: CnictlCommand, network: string, netns: string | undefined, flags: Flags): Promise<string> {
  return runCnictl(
    {
      fs: new NodeFileStore(),
      // Always exec, as libcni does: a Plexus bundle runs exactly as a runtime would run it.
      delegator: new PluginDelegator({ runner: new ExecaRunner(), inProcess: false }),
      baseEnv: process.env,
      writeStderr: (t) => process.stderr.write(t),
    },
    {
      command,
      network,
      netns,
      settings: readSettings(process.env, { cacheDir: flags.cacheDir, timeoutMs: flags.timeout }),
      valid: parseValidAttachments(flags.valid),
      cwd: process.cwd(),
    },
  );
}

async function main(): Promise<void> {
  try {
    await buildCnictlCli((t) => process.stdout.write(t)).parseAsync(process.argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
