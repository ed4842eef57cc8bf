// Runs the Kubernetes API emulator standalone, for demos and e2e: prints its URL and kubeconfig path, serves until
// SIGTERM/SIGINT. Faults, tokens and seeds can then be changed over HTTP at /_emulator/*.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatedObject } from '@plexus/kube-emulator';
import { toolVersion } from './tool-version';

/** runEmulatorCli parses argv and serves until `until` settles (by default SIGTERM or SIGINT). */
export async function runEmulatorCli(argv: string[], until: Promise<unknown> = waitForSignal()): Promise<void> {
  const program = new Command('plexus-api-emulator')
    .description('Kubernetes API emulator for Plexus tests and demos (127.0.0.1 only)')
    .version(toolVersion(), '-V, --version', 'print the version')
    .option('--port <port>', 'port to listen on (0 = any free port)', '0')
    .option('--kubeconfig-out <path>', 'write the kubeconfig here (default: a temp file)')
    .option('--seed <file>', 'JSON file: an object, an array of objects, or a List with items')
    .option('--token <token...>', 'accepted bearer token(s); the first goes into the kubeconfig')
    .parse(argv);
  const o = program.opts<{ port: string; kubeconfigOut?: string; seed?: string; token?: string[] }>();
  const emulator = await startEmulator({ port: Number(o.port), kubeconfigPath: o.kubeconfigOut, tokens: o.token });
  if (o.seed) for (const obj of readSeedFile(o.seed)) emulator.seed(obj);
  process.stdout.write(`${JSON.stringify({ url: emulator.url, kubeconfig: emulator.kubeconfigPath })}\n`);
  await until;
  await emulator.stop();
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}

/** readSeedFile accepts one object, an array, or a `{kind: …List, items}` document. */
export function readSeedFile(path: string): EmulatedObject[] {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as EmulatedObject | EmulatedObject[] | { items: EmulatedObject[] };
  if (Array.isArray(doc)) return doc;
  if ('items' in doc && Array.isArray(doc.items)) return doc.items;
  return [doc as EmulatedObject];
}

if (require.main === module) {
  runEmulatorCli(process.argv).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
