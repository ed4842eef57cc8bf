/** The CRI lane's kit: a private containerd, the CRI client, the node preparation and the world the tests share. */
export * from './cri-client';
export * from './containerd-config';
export * from './private-containerd';
export * from './pause-image';
export * from './prepare-node';
export * from './cri-world';
export * from './subnet';
export { buildPlugins } from '../support/workspace';
