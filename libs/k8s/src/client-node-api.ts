// The only module that imports @kubernetes/client-node at runtime, and only by name: a bundler then keeps just
// these exports and what they use (≈5 MB of the library's ≈16 MB). It is itself imported lazily (client-node.ts).
export { CoreV1Api, CustomObjectsApi, KubeConfig, loadYaml, Observable, PatchStrategy, setHeaderMiddleware } from '@kubernetes/client-node';
