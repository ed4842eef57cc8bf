import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** pipeBoth joins two sockets and closes each when the other fails. */
function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b).pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
}

/**
 * startApiBridge lets processes in throwaway netns reach the API emulator, which listens on the test process'
 * 127.0.0.1. A path-based Unix socket crosses network namespaces (the file system is shared), so the test serves
 * one that pipes to the emulator, and `forwardInto` runs a tiny forwarder inside a netns from its 127.0.0.1:port to
 * that socket. Nothing is added to the real host's network.
 */
export async function startApiBridge(socketPath: string, emulatorPort: number): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((client) => pipeBoth(client, createConnection(emulatorPort, '127.0.0.1')));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, () => resolve()));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const FORWARDER = `
const net = require('node:net');
const [socketPath, port] = process.argv.slice(1);
net.createServer((c) => {
  const u = net.connect(socketPath);
  c.pipe(u).pipe(c);
  c.on('error', () => u.destroy());
  u.on('error', () => c.destroy());
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

/** forwardInto starts the forwarder inside netns `name`, listening on its 127.0.0.1:port; kill() stops it. */
export async function forwardInto(name: string, socketPath: string, port: number): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', name, process.execPath, '-e', FORWARDER, socketPath, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`forwarder in ${name} exited ${code}: ${err}`)));
  });
  return child;
}
