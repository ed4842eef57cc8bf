import type { Result } from '@plexus/cni-spec';
import { findPodInterface } from './find-pod-interface';

const base: Result = {
  cniVersion: '1.1.0',
  interfaces: [{ name: 'br0' }, { name: 'eth0', sandbox: '/ns' }, { name: 'net1', sandbox: '/ns' }],
  ips: [
    { address: '10.0.0.5/24', interface: 1 },
    { address: 'FD00:0::5/64', interface: 1 },
    { address: '172.16.0.9/16', interface: 2 },
    { address: '192.168.0.9/24' },
  ],
};

describe('findPodInterface', () => {
  it('takes the addresses indexed to CNI_IFNAME, canonical', () => {
    expect(findPodInterface(base, 'eth0')).toEqual({ name: 'eth0', index: 1, addresses: ['10.0.0.5/24', 'fd00::5/64'] });
    expect(findPodInterface(base, 'net1')).toEqual({ name: 'net1', index: 2, addresses: ['172.16.0.9/16'] });
  });

  it('gives un-indexed addresses to the only sandbox interface, or to CNI_IFNAME when none is listed', () => {
    const one: Result = { cniVersion: '1.1.0', interfaces: [{ name: 'eth0', sandbox: '/ns' }], ips: [{ address: '10.0.0.5/24' }] };
    expect(findPodInterface(one, 'eth0').addresses).toEqual(['10.0.0.5/24']);
    const ipamOnly: Result = { cniVersion: '1.1.0', ips: [{ address: '10.0.0.5/24' }, { address: 'fd00::5/64' }] };
    expect(findPodInterface(ipamOnly, 'eth3')).toEqual({ name: 'eth3', addresses: ['10.0.0.5/24', 'fd00::5/64'] });
  });

  it('falls back to the one sandbox interface without CNI_IFNAME, and refuses to guess among several', () => {
    const one: Result = { cniVersion: '1.1.0', interfaces: [{ name: 'veth0' }, { name: 'eth0', sandbox: '/ns' }], ips: [{ address: '10.0.0.5/24', interface: 1 }] };
    expect(findPodInterface(one, '')).toEqual({ name: 'eth0', index: 1, addresses: ['10.0.0.5/24'] });
    expect(() => findPodInterface(base, '')).toThrow('prevResult has 2 sandbox interfaces');
  });
});
