import { runProcess } from '../meta-dispatcher/md-world';
export { CNICTL, NodeWorld, PLEXUS_NODE } from './node-world';

/** runProcessOk runs a program asynchronously (the in-process API emulator must keep serving) and throws unless it exits 0. */
export async function runProcessOk(file: string, args: string[], env: Record<string, string>): Promise<string> {
  const out = await runProcess(file, args, env);
  if (out.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${out.status}: ${out.stderr}${out.stdout}`);
  return out.stdout;
}
