import type { ClientRequest } from 'node:http';
import type { ConfigurationOptions, ObservableMiddleware, RequestContext, ResponseContext } from '@kubernetes/client-node';
import type { ClientNodeModule } from './client-node';

/** The per-attempt hooks given to one client-node call. */
export interface AttemptGuard {
  /** Call options for the client-node API method (middleware appended to the session's). */
  options: ConfigurationOptions<ObservableMiddleware>;
  /** timedOut tells whether this attempt's deadline fired. */
  timedOut(): boolean;
  /** dispose clears the deadline timer once the attempt settled. */
  dispose(): void;
}

type AgentWithAddRequest = { addRequest?: (req: ClientRequest, opts: unknown) => void };

/**
 * guardAttempt bounds one HTTP request and counts it. client-node 1.x sends with node-fetch and exposes no timeout
 * or abort signal, so the deadline is armed on the request itself: its middleware wraps the (per-request) agent
 * that the KubeConfig just built and destroys the ClientRequest when the deadline passes. The socket is gone then,
 * so a hung API server cannot keep a CNI invocation alive after it has reported code 11.
 */
export function guardAttempt(
  k8s: ClientNodeModule,
  deadlineAt: number,
  onRequest: () => void,
  extra: ObservableMiddleware[] = [],
): AttemptGuard {
  let fired = false;
  const timers: NodeJS.Timeout[] = [];
  const arm = (ctx: RequestContext): RequestContext => {
    onRequest();
    const agent = ctx.getAgent() as AgentWithAddRequest | undefined;
    const addRequest = agent?.addRequest;
    if (agent && addRequest) {
      agent.addRequest = function (this: unknown, req: ClientRequest, opts: unknown) {
        const t = setTimeout(() => {
          fired = true;
          req.destroy(new Error('deadline exceeded'));
        }, Math.max(0, deadlineAt - Date.now()));
        t.unref();
        timers.push(t);
        req.once('close', () => clearTimeout(t));
        return addRequest.call(this, req, opts);
      };
    }
    return ctx;
  };
  // Call-time middleware goes to client-node's Observable API unwrapped, so it must return its Observable type.
  const guard: ObservableMiddleware = {
    pre: (ctx) => new k8s.Observable(Promise.resolve().then(() => arm(ctx))),
    post: (res: ResponseContext) => new k8s.Observable(Promise.resolve(res)),
  };
  return {
    options: { middleware: [...extra, guard], middlewareMergeStrategy: 'append' },
    timedOut: () => fired,
    dispose: () => timers.forEach((t) => clearTimeout(t)),
  };
}
