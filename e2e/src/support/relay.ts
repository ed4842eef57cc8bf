import { spawn } from 'node:child_process';
import { connect, createServer as createNetServer } from 'node:net';
import { type TestNetns } from './netns';

/** A TCP relay from 127.0.0.1:port in a netns to 127.0.0.1:port of this process. */
export interface Relay {
  stop(): Promise<void>;
}

// Runs inside the netns: TCP 127.0.0.1:PORT → unix socket SOCK. Prints "ready" once listening.
const RELAY_SCRIPT = `
const net = require('node:net');
const [port, sock] = process.argv.slice(1);
net.createServer((c) => {
  const u = net.connect(sock);
  c.pipe(u).pipe(c);
  c.on('error', () => u.destroy());
  u.on('error', () => c.destroy());
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
`;

/**
 * startRelay makes a server of this process on 127.0.0.1:port answer on 127.0.0.1:port inside netns `ns` too: a relay
 * process in the netns forwards each connection over the unix socket `sock` (unix sockets are not bound to a netns)
 * to this process, which forwards it to the server. stop() kills the relay process and closes the socket.
 */
export async function startRelay(ns: TestNetns, port: number, sock: string): Promise<Relay> {
  const inner = createNetServer((c) => {
    const t = connect(port, '127.0.0.1');
    c.pipe(t).pipe(c);
    // A stopped server (API down) resets the relayed connection, as an unreachable API would fail.
    c.on('error', () => t.destroy());
    t.on('error', () => c.destroy());
  });
  await new Promise<void>((r) => inner.listen(sock, () => r()));
  const child = spawn('nsenter', [`--net=${ns.path}`, '--', process.execPath, '-e', RELAY_SCRIPT, String(port), sock], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolveReady, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`relay for port ${port} exited ${code}`)));
    child.stdout!.once('data', () => resolveReady());
  });
  return {
    stop: async () => {
      const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
      child.kill('SIGKILL');
      await exited;
      await new Promise<void>((r) => inner.close(() => r()));
    },
  };
}
