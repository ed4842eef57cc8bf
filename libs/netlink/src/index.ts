export * from './netlink';
export * from './errors';
