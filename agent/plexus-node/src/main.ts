// plexus-node: the Plexus node agent. The bundle is dist/tools/plexus-node (the image's /plexus/tools/plexus-node).
import { runPlexusNode } from './cli/run-plexus-node';

if (require.main === module) {
  void runPlexusNode({
    argv: process.argv.slice(2),
    env: process.env,
    scriptDir: __dirname,
    execPath: process.execPath,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stop: new Promise<void>((resolve) => {
      process.once('SIGTERM', () => resolve());
      process.once('SIGINT', () => resolve());
    }),
  }).then((code) => {
    process.exitCode = code;
    // Everything is stopped and flushed by now; a backoff or GC timer still pending (up to minutes) must not keep a
    // stopping daemon alive past the kubelet's grace period. The timer is unref'd: a process that is already done
    // exits at once.
    setTimeout(() => process.exit(code), 200).unref();
  });
}
