import { isCniError } from '@plexus/cni-spec';
import { WRITE_BEHIND_SOCKET, handOff, processCacheLookups } from '@plexus/node-cache';
import type { CmdArgs, PluginHandlers } from '@plexus/skel';
import type { SendToAgent } from './invocation/dispatcher-deps';

/**
 * withAgentReport tells plexus-node (when the conf has `nodeCache`) how each ADD and DEL went — result and
 * latency and the node-cache hits/misses of the operation, for its /metrics — over the write-behind socket, after the operation and without affecting it: no agent,
 * no report (100 ms bound).
 */
export function withAgentReport(handlers: PluginHandlers, send: SendToAgent = sendOverSocket, now: () => number = () => performance.now()): PluginHandlers {
  const report = async (args: CmdArgs, command: 'ADD' | 'DEL', start: number, before: { hits: number; misses: number }, error?: unknown) => {
    const cache = (args.conf as Record<string, unknown>)['nodeCache'];
    if (typeof cache !== 'string' || !cache.startsWith('/')) return;
    const result = error === undefined ? 'ok' : `error-${isCniError(error) ? error.code : 999}`;
    const after = processCacheLookups();
    const lookups = { cacheHits: after.hits - before.hits, cacheMisses: after.misses - before.misses };
    await send(`${cache}/${WRITE_BEHIND_SOCKET}`, { op: 'report', command, result, ms: now() - start, ...lookups });
  };
  const wrap =
    <T>(command: 'ADD' | 'DEL', fn: (args: CmdArgs) => Promise<T>) =>
    async (args: CmdArgs): Promise<T> => {
      const start = now();
      const before = processCacheLookups();
      try {
        const out = await fn(args);
        await report(args, command, start, before);
        return out;
      } catch (e) {
        await report(args, command, start, before, e);
        throw e;
      }
    };
  return { ...handlers, add: wrap('ADD', handlers.add.bind(handlers)), del: wrap('DEL', handlers.del.bind(handlers)) };
}

/** sendOverSocket hands the report to plexus-node, giving up after 100 ms so an absent agent costs nothing. */
export const sendOverSocket: SendToAgent = (socketPath, req) => handOff(socketPath, req, 100);
