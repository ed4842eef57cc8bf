import { DispatcherCode } from '../../errors/dispatcher-errors';
import { caughtSync } from '../testing/source-fixture';
import { parseBackendAnswer } from './backend-answer';
import { parseSubnetMask } from './parse-subnet-mask';
import { renderDockinDelegate } from './render-dockin-delegate';

const pod = { namespace: 'ns', name: 'p' };
const entry = (over: Record<string, unknown> = {}) => ({ type: 'bridge-net', podIp: '10.1.2.3', subnetMask: '255.255.255.0', gateway: '10.1.2.1', ifName: 'eth0', master: true, ...over });

describe('parseSubnetMask', () => {
  it.each([
    ['255.255.255.0', 24],
    ['255.255.255.255', 32],
    ['128.0.0.0', 1],
    ['255.255.240.0', 20],
    ['ffffff00', 24],
    ['FFFF0000', 16],
    ['ffffffff', 32],
  ])('%s → /%i', (mask, prefix) => {
    expect(parseSubnetMask(mask)).toBe(prefix);
  });

  it.each(['0.0.0.0', '00000000', '255.0.255.0', 'ff00ff00', '255.255.255', '256.0.0.0', 'fffff00', 'ffffff000', '24', '/24', '', 'gggggggg', '255.255.255.0.0'])('refuses %j (never a silent /0)', (mask) => {
    expect(parseSubnetMask(mask)).toBeUndefined();
  });
});

describe('parseBackendAnswer', () => {
  it('reads entries, canonicalising the address with the mask prefix', () => {
    const got = parseBackendAnswer(
      { code: 0, reqId: 'r1', message: 'ok', data: [entry(), entry({ type: 'data', podIp: '10.9.0.5', subnetMask: 'ffff0000', gateway: '', ifName: 'net1', master: false }), entry({ type: 'x', master: undefined, ifName: undefined, gateway: undefined })] },
      pod,
    );
    expect(got).toEqual([
      { type: 'bridge-net', address: '10.1.2.3/24', gateway: '10.1.2.1', ifName: 'eth0', master: true, field: 'data[0]' },
      { type: 'data', address: '10.9.0.5/16', ifName: 'net1', master: false, field: 'data[1]' },
      { type: 'x', address: '10.1.2.3/24', master: false, field: 'data[2]' },
    ]);
  });

  it.each<[string, unknown, number, string, string]>([
    ['a list body', [], DispatcherCode.BackendBadAnswer, '(body)', 'must be a JSON object'],
    ['no code', { data: [] }, DispatcherCode.BackendBadAnswer, 'code', 'must be a number'],
    ['a string code', { code: '0', data: [] }, DispatcherCode.BackendBadAnswer, 'code', 'must be a number'],
    ['code != 0', { code: 3, message: 'pod unknown to RM' }, DispatcherCode.BackendRefused, '', 'code 3: pod unknown to RM'],
    ['code != 0 without message', { code: -1 }, DispatcherCode.BackendRefused, '', '(no message)'],
    ['no data', { code: 0 }, DispatcherCode.BackendBadAnswer, 'data', 'must be a list'],
    ['no master', { code: 0, data: [entry({ master: false })] }, DispatcherCode.BackendBadAnswer, 'data', 'found 0'],
    ['zero entries', { code: 0, data: [] }, DispatcherCode.BackendBadAnswer, 'data', 'found 0'],
    ['two masters', { code: 0, data: [entry(), entry({ type: 'b', ifName: 'net1' })] }, DispatcherCode.BackendBadAnswer, 'data', 'found 2 (data[0], data[1])'],
    ['an entry string', { code: 0, data: ['x'] }, DispatcherCode.BackendBadAnswer, 'data[0]', 'must be an object'],
    ['no type', { code: 0, data: [entry({ type: undefined })] }, DispatcherCode.BackendBadAnswer, 'data[0].type', 'network name'],
    ['a path type', { code: 0, data: [entry({ type: '../x' })] }, DispatcherCode.BackendBadAnswer, 'data[0].type', 'network name'],
    ['a bad podIp', { code: 0, data: [entry({ podIp: '10.1.2' })] }, DispatcherCode.BackendBadAnswer, 'data[0].podIp', 'IPv4'],
    ['an IPv6 podIp', { code: 0, data: [entry({ podIp: '2001:db8::1' })] }, DispatcherCode.BackendBadAnswer, 'data[0].podIp', 'IPv4'],
    ['a bad mask', { code: 0, data: [entry({ subnetMask: '255.0.255.0' })] }, DispatcherCode.BackendBadAnswer, 'data[0].subnetMask', 'contiguous'],
    ['a zero mask', { code: 0, data: [entry({ subnetMask: '0.0.0.0' })] }, DispatcherCode.BackendBadAnswer, 'data[0].subnetMask', 'non-zero'],
    ['a numeric mask', { code: 0, data: [entry({ subnetMask: 24 })] }, DispatcherCode.BackendBadAnswer, 'data[0].subnetMask', 'number 24'],
    ['a bad gateway', { code: 0, data: [entry({ gateway: 'router' })] }, DispatcherCode.BackendBadAnswer, 'data[0].gateway', 'IPv4'],
    ['a bad ifName', { code: 0, data: [entry({ ifName: 'a/b' })] }, DispatcherCode.BackendBadAnswer, 'data[0].ifName', 'contains'],
    ['a NUL ifName (issue 11)', { code: 0, data: [entry({ ifName: 'eth\u0000' })] }, DispatcherCode.BackendBadAnswer, 'data[0].ifName', 'contains a NUL byte'],
    ['a string master', { code: 0, data: [entry({ master: 'true' })] }, DispatcherCode.BackendBadAnswer, 'data[0].master', 'true or false'],
    ['a duplicate ifName', { code: 0, data: [entry(), entry({ type: 'b', master: false })] }, DispatcherCode.BackendBadAnswer, 'data[1].ifName', 'also the interface of data[0]'],
  ])('refuses %s', (_n, body, code, field, problem) => {
    const e = caughtSync(() => parseBackendAnswer(body, pod));
    expect(e.code).toBe(code);
    if (field) expect(e.msg).toBe(`unusable backend answer (${field})`);
    expect(e.details).toContain('pod "ns/p"');
    expect(e.details).toContain(problem);
  });
});

describe('renderDockinDelegate', () => {
  const conf = { cniVersion: '0.3.1', name: 'bridge-net', plugins: [{ type: 'bridge', bridge: 'br0', ipam: { type: 'host-local', dns: { nameservers: ['1.1.1.1'] } } }, { type: 'portmap' }] };

  it('hands the fixed address over through fakeipam, with a default route via the gateway for the master', () => {
    expect(renderDockinDelegate(conf, { address: '10.1.2.3/24', gateway: '10.1.2.1' }, { isPrimary: true }).plugins).toEqual([
      {
        type: 'bridge',
        bridge: 'br0',
        ipam: { type: 'fakeipam', addresses: [{ address: '10.1.2.3/24', gateway: '10.1.2.1' }], routes: [{ dst: '0.0.0.0/0', gw: '10.1.2.1' }], dns: { nameservers: ['1.1.1.1'] } },
      },
      { type: 'portmap' },
    ]);
    expect(conf.plugins[0]!.ipam).toEqual({ type: 'host-local', dns: { nameservers: ['1.1.1.1'] } });
  });

  it('gives a secondary no default route, and prefers the conf\'s own routes', () => {
    expect(renderDockinDelegate(conf, { address: '10.1.2.3/24', gateway: '10.1.2.1' }, { isPrimary: false }).plugins[0]!.ipam).toEqual({
      type: 'fakeipam',
      addresses: [{ address: '10.1.2.3/24', gateway: '10.1.2.1' }],
      dns: { nameservers: ['1.1.1.1'] },
    });
    const routed = { cniVersion: '1.0.0', name: 'r', plugins: [{ type: 'macvlan', routes: [{ dst: '10.0.0.0/8' }] }] };
    expect(renderDockinDelegate(routed, { address: '10.1.2.3/24' }, { isPrimary: true }).plugins[0]!.ipam).toEqual({ type: 'fakeipam', addresses: [{ address: '10.1.2.3/24' }], routes: [{ dst: '10.0.0.0/8' }] });
  });
});
