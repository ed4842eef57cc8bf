import { FakeNetlink } from '@plexus/netlink/testing';
import { request } from '../../testing/dispatcher-harness';
import { assignIfNames, primaryIndexOf } from './assign-if-names';
import { checkNamesFree, checkUniqueNames } from './check-names';
import { multiNicIfNames } from './multi-nic-names';

const pod = { namespace: 'ns1', name: 'p' };

describe('assignIfNames', () => {
  it('follows Multus: CNI_IFNAME for the primary, explicit names, then net<index> by position in the full list', () => {
    const names = assignIfNames(
      [request('c', 'bridge', { isPrimary: true }), request('a', 'x', { ifName: 'macvlan1' }), request('b', 'x'), request('d', 'x', { ifNamePrefix: 'int' })],
      { containerIfName: 'eth0', pod },
    );
    expect(names).toEqual([
      { ifName: 'eth0', field: 'CNI_IFNAME' },
      { ifName: 'macvlan1', field: 'interface' },
      { ifName: 'net2', field: 'interface' },
      { ifName: 'int3', field: 'containerPrefix' },
    ]);
  });

  it('makes the first network the primary when none is marked, and refuses two primaries', () => {
    expect(assignIfNames([request('a', 'x'), request('b', 'x')], { containerIfName: 'eth9' }).map((n) => n.ifName)).toEqual(['eth9', 'net1']);
    expect(() => primaryIndexOf([request('a', 'x', { isPrimary: true }), request('b', 'x', { isPrimary: true })], pod)).toThrow(/two primary networks \("a" and "b"\)/);
  });

  it('refuses names the kernel refuses, naming pod, network and field', () => {
    expect(() => assignIfNames([request('a', 'x'), request('ns1/bad', 'x', { ifName: 'has/slash' })], { containerIfName: 'eth0', pod })).toThrow(
      expect.objectContaining({ code: 7, msg: 'invalid interface', details: 'pod "ns1/p", network "ns1/bad": interface name "has/slash" contains "/", ":" or whitespace' }),
    );
    expect(() => multiNicIfNames('longbasename14', 2, 'n', pod)).toThrow(/multi-NIC interface name "longbasename14-0" is longer than 15 characters/);
    expect(multiNicIfNames('net1', 3, 'n')).toEqual(['net1-0', 'net1-1', 'net1-2']);
  });
});

describe('name collision checks', () => {
  it('refuses duplicates in the plan with code 101 naming the second network', () => {
    expect(() => checkUniqueNames([{ ifName: 'net1', network: 'a', field: 'interface' }, { ifName: 'net1', network: 'b', field: 'interface' }], pod)).toThrow(
      expect.objectContaining({ code: 101, details: 'pod "ns1/p", network "b": interface name "net1" is also the interface of network "a"' }),
    );
  });

  it('refuses names present in the pod, and a missing netns with code 4', async () => {
    const nl = new FakeNetlink({ netns: ['/run/netns/p'] });
    await nl.pod('/run/netns/p').addVeth('net1', 'peer1');
    await expect(checkNamesFree(nl, '/run/netns/p', [{ ifName: 'net1', network: 'a', field: 'interface' }], pod)).rejects.toMatchObject({ code: 101 });
    await expect(checkNamesFree(nl, '/run/netns/p', [{ ifName: 'net2', network: 'a', field: 'interface' }], pod)).resolves.toBeUndefined();
    await expect(checkNamesFree(nl, '/run/netns/none', [], pod)).rejects.toMatchObject({ code: 4, msg: 'invalid CNI_NETNS' });
  });
});
