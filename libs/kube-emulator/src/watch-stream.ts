import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeEvent, ObjectStore } from './object-store';
import { failure } from './status';
import type { EmulatedObject, ResourceInfo } from './types';

/** A parsed `?watch=true` list request, answered by streamWatch. */
export class WatchRequest {
  constructor(
    readonly info: ResourceInfo,
    readonly matches: (o: EmulatedObject) => boolean,
    /** '' or '0': start with ADDED for every current object (the API server's "any" semantics). */
    readonly resourceVersion: string,
    /** 0 = until the client goes away. */
    readonly timeoutSeconds: number,
  ) {}
}

/**
 * streamWatch answers a watch as the API server does: one JSON watch event per line (`{"type","object"}`), first the
 * changes after `resourceVersion` (or ADDED for every current object when it is unset/0), then live changes, until
 * `timeoutSeconds` or the client hangs up. A resourceVersion older than the change log is an ERROR event with a
 * 410 Gone Status, which makes an informer re-list.
 */
export function streamWatch(store: ObjectStore, w: WatchRequest, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  const send = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
  const ours = (e: ChangeEvent) => e.group === w.info.group && e.plural === w.info.plural && w.matches(e.object);
  let backlog: ChangeEvent[] | undefined;
  if (w.resourceVersion === '' || w.resourceVersion === '0') {
    for (const o of store.list(w.info.group, w.info.plural)) if (w.matches(o)) send('ADDED', o);
    backlog = [];
  } else {
    const rv = Number(w.resourceVersion);
    backlog = Number.isSafeInteger(rv) ? store.changes.since(rv) : undefined;
    if (backlog === undefined) {
      send('ERROR', failure(410, 'Expired', `too old resource version: ${w.resourceVersion}`).body);
      res.end();
      return;
    }
  }
  for (const e of backlog) if (ours(e)) send(e.type, e.object);
  const unsubscribe = store.changes.subscribe((e) => {
    if (ours(e)) send(e.type, e.object);
  });
  const finish = () => {
    unsubscribe();
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timer = w.timeoutSeconds > 0 ? setTimeout(finish, w.timeoutSeconds * 1000) : undefined;
  req.on('close', finish);
  res.on('close', finish);
}
