import { createLogger, parseLogLevel } from '@plexus/log';
import { readFile } from 'node:fs/promises';
import { productionDeps } from '../deps';
import { runSyncRoutes, SYNC_ROUTES_FLAG } from './sync-routes-command';

/**
 * serveSyncRoutes lets the plugin binary double as its route-sync tool: run by hand (no CNI_COMMAND) with
 * `--sync-routes`, it runs the command and returns undefined so servePlugin does not also print its about text.
 * Otherwise — a CNI invocation, or the bundle `require`d by a meta plugin — it hands `mainModule` through unchanged.
 */
export function serveSyncRoutes(mainModule: NodeModule | undefined): NodeModule | undefined {
  const isCommand = mainModule !== undefined && require.main === mainModule && !process.env.CNI_COMMAND && process.argv.includes(SYNC_ROUTES_FLAG);
  if (!isCommand) return mainModule;
  void runSyncRoutesMain();
  return undefined;
}

async function runSyncRoutesMain(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- a command run by hand, not a CNI invocation (leaves the plugin for plexus-node)
  const log = createLogger({ level: parseLogLevel(process.env.PLEXUS_LOG_LEVEL, 'warn'), sink: (line) => process.stderr.write(line), fields: { plugin: 'multi-nic-ipam', cmd: 'sync-routes' } });
  process.exitCode = await runSyncRoutes(
    {
      argv: process.argv.slice(2),
      env: process.env,
      readFile: (path) => readFile(path, 'utf8'),
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
      // eslint-disable-next-line no-restricted-properties -- the command's report (this file leaves with --sync-routes)
      stdout: (text) => process.stdout.write(text),
      log,
    },
    productionDeps(),
  );
}
