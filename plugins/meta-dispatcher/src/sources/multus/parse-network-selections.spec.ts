import { CniCode } from '@plexus/cni-spec';
import { caughtSync } from '../testing/source-fixture';
import { checkDefaultRoutes } from './check-default-routes';
import { isMacAddress } from './mac-address';
import { NETWORKS_ANNOTATION } from './network-selection';
import { parseNetworkSelections } from './parse-network-selections';

const pod = { namespace: 'team-a', name: 'web-0' };
const src = { annotation: NETWORKS_ANNOTATION, defaultNamespace: 'team-a', pod };
const parse = (value: string) => parseNetworkSelections(value, src);
const F = NETWORKS_ANNOTATION;

describe('parseNetworkSelections: comma form', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['macvlan', [{ name: 'macvlan', namespace: 'team-a', field: `${F}[0]` }]],
    ['other/macvlan', [{ name: 'macvlan', namespace: 'other', field: `${F}[0]` }]],
    ['macvlan@net7', [{ name: 'macvlan', namespace: 'team-a', interface: 'net7', field: `${F}[0]` }]],
    [
      ' other/a@data0 , b,other/a ',
      [
        { name: 'a', namespace: 'other', interface: 'data0', field: `${F}[0]` },
        { name: 'b', namespace: 'team-a', field: `${F}[1]` },
        { name: 'a', namespace: 'other', field: `${F}[2]` },
      ],
    ],
  ])('parses %j', (value, expected) => {
    expect(parse(value)).toEqual(expected);
  });

  it.each([
    ['a,,b', `${F}[1]`, 'empty entry'],
    ['a,', `${F}[1]`, 'empty entry'],
    ['ns/sub/name', `${F}[0]`, 'more than one "/"'],
    ['name@a@b', `${F}[0]`, 'more than one "@"'],
    ['Macvlan', `${F}[0].name`, 'lower case'],
    ['mac_vlan', `${F}[0].name`, 'lower case'],
    ['-macvlan', `${F}[0].name`, 'lower case'],
    ['macvlan-', `${F}[0].name`, 'lower case'],
    ['../etc/passwd', `${F}[0]`, 'more than one "/"'],
    ['../passwd', `${F}[0].namespace`, 'lower case'],
    ['NS/macvlan', `${F}[0].namespace`, 'lower case'],
    ['/macvlan', `${F}[0].namespace`, 'is empty'],
    ['ns/', `${F}[0].name`, 'is empty'],
    [`${'a'.repeat(64)}`, `${F}[0].name`, '63'],
    ['macvlan@', `${F}[0].interface`, 'is empty'],
    ['macvlan@averyveryverylongname', `${F}[0].interface`, 'longer than 15'],
    ['macvlan@a:b', `${F}[0].interface`, 'contains'],
    ['macvlan@..', `${F}[0].interface`, 'reserved'],
  ])('refuses %j with code 7 naming %s', (value, field, problem) => {
    const e = caughtSync(() => parse(value));
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(`invalid ${field}`);
    expect(e.details).toContain('pod "team-a/web-0"');
    expect(e.details).toContain(problem);
  });
});

describe('parseNetworkSelections: JSON form', () => {
  it('reads every Multus key', () => {
    const value = JSON.stringify([
      {
        name: 'sriov',
        namespace: 'infra',
        interface: 'data0',
        ips: ['10.1.1.11/24', ' 2001:db8::5 '],
        mac: 'c2:b0:57:49:47:f1',
        'default-route': ['10.1.1.1'],
        'cni-args': { nics: 2 },
        portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP', hostIP: '' }],
        bandwidth: { ingressRate: 1000, egressBurst: 10 },
        deviceID: '0000:03:00.1',
        'infiniband-guid': 'c2:b0:57:49:47:f1:00:01',
        'ipam-claim-reference': 'ignored',
      },
      { name: 'plain', interfaceRequest: 'legacy0' },
    ]);
    expect(parse(value)).toEqual([
      {
        name: 'sriov',
        namespace: 'infra',
        interface: 'data0',
        ips: ['10.1.1.11/24', '2001:db8::5'],
        mac: 'c2:b0:57:49:47:f1',
        defaultRoute: ['10.1.1.1'],
        cniArgs: { nics: 2 },
        portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP', hostIP: '' }],
        bandwidth: { ingressRate: 1000, egressBurst: 10 },
        deviceID: '0000:03:00.1',
        infinibandGuid: 'c2:b0:57:49:47:f1:00:01',
        field: `${F}[0]`,
      },
      { name: 'plain', namespace: 'team-a', interface: 'legacy0', field: `${F}[1]` },
    ]);
  });

  it('accepts an empty list and an empty default-route (route via IPAM gateway)', () => {
    expect(parse('[]')).toEqual([]);
    expect(parse('[{"name":"a","default-route":[]}]')[0]!.defaultRoute).toEqual([]);
  });

  it.each<[string, unknown, string, string]>([
    ['not JSON', '[{"name": "a"', F, 'does not parse'],
    ['an object, not a list', { name: 'a' }, F, 'must be a list'],
    ['a string element', ['a'], `${F}[0]`, 'must be an object'],
    ['no name', [{ namespace: 'x' }], `${F}[0].name`, 'missing'],
    ['numeric name', [{ name: 5 }], `${F}[0].name`, 'missing or not a string'],
    ['bad name', [{ name: 'My_Net' }], `${F}[0].name`, 'lower case'],
    ['bad namespace', [{ name: 'a', namespace: 'a.b' }], `${F}[0].namespace`, 'lower case'],
    ['namespace not a string', [{ name: 'a', namespace: 3 }], `${F}[0].namespace`, 'must be a string'],
    ['interface with slash', [{ name: 'a', interface: 'a/b' }], `${F}[0].interface`, 'contains'],
    ['interface too long', [{ name: 'a', interface: '0123456789abcdef' }], `${F}[0].interface`, 'longer than 15'],
    ['interface number', [{ name: 'a', interface: 1 }], `${F}[0].interface`, 'must be a string'],
    ['interface NUL (issue 11)', [{ name: 'a', interface: '\u0000' }], `${F}[0].interface`, 'interface name "\\u0000" contains a NUL byte'],
    ['interface with a 0xA0 byte (issue 11)', [{ name: 'a', interface: 'eth\u00e0' }], `${F}[0].interface`, 'which the kernel counts as a space'],
    ['ips not a list', [{ name: 'a', ips: '10.0.0.1' }], `${F}[0].ips`, 'list of strings'],
    ['ips bad address', [{ name: 'a', ips: ['10.0.0.1', '10.0.0.300'] }], `${F}[0].ips[1]`, 'not an IP address or CIDR'],
    ['ips bad CIDR', [{ name: 'a', ips: ['10.0.0.1/33'] }], `${F}[0].ips[0]`, 'not an IP address or CIDR'],
    ['ips number', [{ name: 'a', ips: [1] }], `${F}[0].ips[0]`, 'must be a string'],
    ['mac bad', [{ name: 'a', mac: 'c2:b0:57:49:47' }], `${F}[0].mac`, 'not a MAC address'],
    ['mac mixed separators', [{ name: 'a', mac: 'c2:b0-57:49:47:f1' }], `${F}[0].mac`, 'not a MAC address'],
    ['mac number', [{ name: 'a', mac: 12 }], `${F}[0].mac`, 'must be a string'],
    ['default-route CIDR', [{ name: 'a', 'default-route': ['10.0.0.1/24'] }], `${F}[0].default-route[0]`, 'not an IP address'],
    ['default-route string', [{ name: 'a', 'default-route': '10.0.0.1' }], `${F}[0].default-route`, 'list of strings'],
    ['cni-args list', [{ name: 'a', 'cni-args': ['x'] }], `${F}[0].cni-args`, 'must be an object'],
    ['portMappings object', [{ name: 'a', portMappings: {} }], `${F}[0].portMappings`, 'must be a list'],
    ['portMappings no containerPort', [{ name: 'a', portMappings: [{ hostPort: 1 }] }], `${F}[0].portMappings[0].containerPort`, 'port number'],
    ['portMappings port 70000', [{ name: 'a', portMappings: [{ containerPort: 70000 }] }], `${F}[0].portMappings[0].containerPort`, 'port number'],
    ['portMappings protocol', [{ name: 'a', portMappings: [{ containerPort: 80, protocol: 'icmp' }] }], `${F}[0].portMappings[0].protocol`, 'must be one of'],
    ['portMappings hostIP', [{ name: 'a', portMappings: [{ containerPort: 80, hostIP: 'localhost' }] }], `${F}[0].portMappings[0].hostIP`, 'not an IP'],
    ['bandwidth unknown key', [{ name: 'a', bandwidth: { rate: 1 } }], `${F}[0].bandwidth.rate`, 'unknown key'],
    ['bandwidth negative', [{ name: 'a', bandwidth: { ingressRate: -1 } }], `${F}[0].bandwidth.ingressRate`, 'non-negative'],
    ['deviceID number', [{ name: 'a', deviceID: 3 }], `${F}[0].deviceID`, 'non-empty string'],
    ['infiniband-guid list', [{ name: 'a', 'infiniband-guid': [] }], `${F}[0].infiniband-guid`, 'non-empty string'],
  ])('refuses %s with code 7 naming the field', (_name, value, field, problem) => {
    const e = caughtSync(() => parse(typeof value === 'string' ? value : JSON.stringify(value)));
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(`invalid ${field}`);
    expect(e.details).toContain('pod "team-a/web-0"');
    expect(e.details).toContain(problem);
  });

  it('names the network in errors about an element with a valid name', () => {
    const e = caughtSync(() => parse(JSON.stringify([{ name: 'macvlan', namespace: 'infra', ips: ['x'] }])));
    expect(e.details).toContain('network "infra/macvlan"');
  });

  it('detects JSON by any of [ { " like Multus', () => {
    expect(caughtSync(() => parse('"a"')).details).toContain('must be a list');
    expect(caughtSync(() => parse('{')).details).toContain('does not parse');
  });
});

describe('checkDefaultRoutes', () => {
  const sels = (routes: string[][]) => parse(JSON.stringify(routes.map((r, i) => ({ name: `n${i}`, 'default-route': r }))));

  it.each([[[['10.0.0.1'], ['2001:db8::1']]], [[['10.0.0.1', '2001:db8::1'], []]], [[[], []]]])('accepts one gateway per family: %j', (routes) => {
    expect(() => checkDefaultRoutes(sels(routes), pod)).not.toThrow();
  });

  it.each([
    [[['10.0.0.1'], ['10.0.1.1']], `${F}[1].default-route[0]`],
    [[['10.0.0.1', '10.0.0.2']], `${F}[0].default-route[1]`],
    [[['2001:db8::1'], [], ['2001:db8::2']], `${F}[2].default-route[0]`],
  ])('refuses ECMP default routes %j naming %s', (routes, field) => {
    const e = caughtSync(() => checkDefaultRoutes(sels(routes), pod));
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(`invalid ${field}`);
    expect(e.details).toContain('ECMP');
  });
});

describe('isMacAddress (Go net.ParseMAC forms)', () => {
  it.each([
    ['00:00:5e:00:53:01', true],
    ['02:00:5E:10:00:00:00:01', true],
    ['00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01', true],
    ['00-00-5e-00-53-01', true],
    ['0000.5e00.5301', true],
    ['0200.5e10.0000.0001', true],
    ['00:00:5e:00:53', false],
    ['00:00:5e:00:53:01:02', false],
    ['00:00:5e-00:53:01', false],
    ['0000.5e00.53', false],
    ['gg:00:5e:00:53:01', false],
    ['', false],
  ])('%j → %s', (mac, ok) => {
    expect(isMacAddress(mac)).toBe(ok);
  });
});
