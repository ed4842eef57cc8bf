import { connect } from 'node:net';
import type { WriteBehindRequest } from './write-behind-protocol';

/**
 * handOff gives one write to the agent over its unix socket and resolves true once the agent has queued it;
 * false on anything else (no agent, stale socket, refusal, no answer within `timeoutMs`) — the caller then writes
 * itself, as without an agent.
 */
export function handOff(socketPath: string, req: WriteBehindRequest, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const sock = connect(socketPath);
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('connect', () => sock.write(`${JSON.stringify(req)}\n`));
    sock.on('data', (d: Buffer) => {
      answer += d.toString('utf8');
      if (answer.includes('\n')) finish(answer.trim() === '{"ok":true}');
    });
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
  });
}
