import type { Result } from '@plexus/cni-spec';
import { addedInterfaceEvents } from './added-interface-events';
import { networkStatusEntries } from './network-status';
import { renderNetworkStatus } from './render-network-status';

const SANDBOX = '/var/run/netns/p';

describe('networkStatusEntries', () => {
  it('makes one entry per sandbox interface with bare IPs, default on the primary\'s first one, gateways of default routes', () => {
    const result: Result = {
      cniVersion: '1.1.0',
      interfaces: [{ name: 'cni0', mac: '00:00:00:00:00:01' }, { name: 'eth0', mac: 'fa:40:e1:44:b0:3b', sandbox: SANDBOX, mtu: 1450 }, { name: 'eth1', sandbox: SANDBOX }],
      ips: [
        { address: '10.233.129.18/24', gateway: '10.233.129.1', interface: 1 },
        { address: 'fd00::18/64', interface: 1 },
        { address: '10.9.9.9/24' },
      ],
      routes: [{ dst: '0.0.0.0/0', gw: '10.233.129.1' }, { dst: '10.0.0.0/8', gw: '10.233.129.2' }],
      dns: { nameservers: ['10.96.0.10'], search: ['svc.cluster.local'] },
    };
    expect(networkStatusEntries({ network: 'cni0', isPrimary: true, ifName: 'eth0', result })).toEqual([
      { name: 'cni0', interface: 'eth0', ips: ['10.233.129.18', 'fd00::18'], mac: 'fa:40:e1:44:b0:3b', mtu: 1450, default: true, dns: { nameservers: ['10.96.0.10'], search: ['svc.cluster.local'] }, gateway: ['10.233.129.1'] },
      { name: 'cni0', interface: 'eth1', ips: ['10.9.9.9'], dns: { nameservers: ['10.96.0.10'], search: ['svc.cluster.local'] }, gateway: ['10.233.129.1'] },
    ]);
  });

  it('gives an IPAM-style result (no interfaces) one entry on the attachment\'s interface, and an empty result none', () => {
    expect(networkStatusEntries({ network: 'ns/n', isPrimary: false, ifName: 'net1', result: { cniVersion: '1.1.0', ips: [{ address: '10.1.1.5/24' }] } })).toEqual([
      { name: 'ns/n', interface: 'net1', ips: ['10.1.1.5'], dns: {} },
    ]);
    expect(networkStatusEntries({ network: 'ns/n', isPrimary: false, ifName: 'net1', result: { cniVersion: '1.1.0' } })).toEqual([]);
  });
});

describe('renderNetworkStatus', () => {
  it('prints json.MarshalIndent(status, "", "    ") per entry, joined by "," in brackets, in struct field order', () => {
    const text = renderNetworkStatus([
      { dns: {}, name: 'cni0', gateway: ['10.233.129.1'], default: true, mac: 'fa:40:e1:44:b0:3b', ips: ['10.233.129.18'], interface: 'eth0' },
      { name: 'cluster1/macvlan-<1>', interface: 'net1', ips: ['192.168.210.5'], mac: '42:44:59:7f:14:1c', mtu: 9000, dns: { search: ['a'], nameservers: ['10.0.0.53'] } },
    ]);
    expect(text).toBe(
      [
        '[{',
        '    "name": "cni0",',
        '    "interface": "eth0",',
        '    "ips": [',
        '        "10.233.129.18"',
        '    ],',
        '    "mac": "fa:40:e1:44:b0:3b",',
        '    "default": true,',
        '    "dns": {},',
        '    "gateway": [',
        '        "10.233.129.1"',
        '    ]',
        '},{',
        '    "name": "cluster1/macvlan-\\u003c1\\u003e",',
        '    "interface": "net1",',
        '    "ips": [',
        '        "192.168.210.5"',
        '    ],',
        '    "mac": "42:44:59:7f:14:1c",',
        '    "mtu": 9000,',
        '    "dns": {',
        '        "nameservers": [',
        '            "10.0.0.53"',
        '        ],',
        '        "search": [',
        '            "a"',
        '        ]',
        '    }',
        '}]',
      ].join('\n'),
    );
    expect(renderNetworkStatus([])).toBe('[]');
  });
});

describe('addedInterfaceEvents', () => {
  it('prints Multus\' message, one per attachment with interfaces or IPs', () => {
    const events = addedInterfaceEvents({ namespace: 'ns', name: 'p', uid: 'u' }, [
      { network: 'ns/a', ifName: 'net1', result: { cniVersion: '1.1.0', ips: [{ address: '10.1.1.11/24' }, { address: 'fd00::1/64' }] } },
      { network: 'ns/b', ifName: 'net2', result: { cniVersion: '1.1.0' } },
    ]);
    expect(events).toEqual([
      { pod: { namespace: 'ns', name: 'p', uid: 'u' }, reason: 'AddedInterface', type: 'Normal', component: 'plexus-meta-dispatcher', message: 'Add net1 [10.1.1.11/24 fd00::1/64] from ns/a' },
    ]);
  });
});
