import type * as ClientNodeApi from './client-node-api';

/** The parts of @kubernetes/client-node that libs/k8s uses. */
export type ClientNodeModule = typeof ClientNodeApi;

let loading: Promise<ClientNodeModule> | undefined;

/**
 * loadClientNode imports @kubernetes/client-node on first use only: evaluating it costs most of a second, and a
 * plugin invocation that never talks to the API (DEL with nothing to release, VERSION, STATUS) must not pay that.
 * It goes through client-node-api.ts, whose named imports let a bundler drop the rest of the library; a dynamic
 * import of the package itself would keep all of it.
 */
export function loadClientNode(): Promise<ClientNodeModule> {
  loading ??= import('./client-node-api');
  return loading;
}
