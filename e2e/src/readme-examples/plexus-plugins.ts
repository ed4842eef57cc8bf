/** Every Plexus plugin: each README of these must have a runnable example. */
export const PLEXUS_PLUGINS = ['static-ipam', 'fakeipam', 'route-injector', 'ipvlan', 'multi-nic-ipam', 'meta-dispatcher'];
