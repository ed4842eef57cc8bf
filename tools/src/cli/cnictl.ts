// cnictl: a cnitool-compatible client (add|check|del|status|gc <network> <netns>). Commander wiring only; the
// work is in ../cnictl.
import { Command } from 'commander';
import { ExecaRunner } from '@plexus/exec';
import { PluginDelegator } from '@plexus/invoke';
import { NodeFileStore } from '@plexus/store';
import { CNICTL_COMMANDS, parseValidAttachments, readSettings, runCnictl, type CnictlCommand } from '../cnictl';

const HELP_ENV = `
Environment (as cnitool):
  NETCONFPATH           directory of *.conflist / *.conf / *.json network configs (default /etc/cni/net.d)
  CNI_PATH              plugin search path (':'-separated)
  CNI_IFNAME            interface name in the container (default eth0)
  CNI_ARGS              K=V;K2=V2 passed to every plugin
  CAP_ARGS              JSON object of capability args, injected as runtimeConfig
  PLEXUS_CNI_CACHE_DIR  result cache dir, like --cache-dir (default /var/lib/cni; files under results/)
  PLEXUS_CNICTL_TIMEOUT_MS  per-plugin timeout, like --timeout`;

interface Flags {
  cacheDir?: string;
  timeout?: string;
  valid?: string;
}

/** buildCnictlCli wires one subcommand per cnitool command; `write` receives what goes to stdout. */
export function buildCnictlCli(write: (text: string) => void): Command {
  const program = new Command('cnictl')
    .description('Run CNI network configurations against a network namespace, the way cnitool (libcni) does.')
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
  return program;
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
