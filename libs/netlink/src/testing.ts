/** Test doubles of @plexus/netlink: an in-memory kernel with fault injection, and what tests do beyond plugins. */
export * from './test-netlink';
export * from './testing/fake-netlink';
export type { FakeNetlinkOptions, FakeNetnsSnapshot } from './testing/fake-kernel';
export * from './testing/fake-faults';
export type { FakeLink, FakeAddr, FakeNetnsState } from './testing/fake-netns';
export * from './testing/run-netlink-case';
export * from './testing/netlink-cases';
