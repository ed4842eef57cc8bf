export * from './netlink';
export * from './errors';
export * from './commands';
export * from './route-match';
export * from './iproute2-netlink';
export * from './netns-probe';
export * from './sysctl-key';
export { MAIN_TABLE } from './parse-routes';
