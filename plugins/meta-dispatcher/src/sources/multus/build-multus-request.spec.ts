import { CniCode } from '@plexus/cni-spec';
import type { ConfList } from '../../config/conf-list';
import { CRI_POD_ANNOTATIONS } from '../pod-annotations';
import { caughtSync } from '../testing/source-fixture';
import { buildMultusRequest } from './build-multus-request';
import { mergeCniArgs } from './merge-cni-args';
import type { NetworkSelection } from './network-selection';

const conf: ConfList = {
  cniVersion: '1.0.0',
  name: 'macvlan',
  plugins: [{ type: 'macvlan', args: { cni: { a: 'nad', b: 'nad' } } }, { type: 'tuning' }],
};
const sel: NetworkSelection = {
  name: 'macvlan',
  namespace: 'ns',
  field: 'f[0]',
  interface: 'data0',
  ips: ['10.1.1.11/24', '2001:db8::5/64'],
  mac: 'c2:b0:57:49:47:f1',
  defaultRoute: ['10.1.1.1'],
  cniArgs: { b: 'pod', c: 'pod' },
  portMappings: [{ containerPort: 80 }],
  bandwidth: { ingressRate: 1 },
  deviceID: '0000:03:00.1',
  infinibandGuid: 'guid',
};

describe('buildMultusRequest', () => {
  it('maps every per-attachment key to capability args, CNI_ARGS and requested', () => {
    const r = buildMultusRequest({ confList: conf, source: 'multus', statusName: 'ns/macvlan', isPrimary: false, selection: sel, runtimeConfig: { portMappings: [{ hostPort: 1 }] } });
    expect(r).toEqual({
      source: 'multus',
      statusName: 'ns/macvlan',
      isPrimary: false,
      ifName: 'data0',
      confList: {
        cniVersion: '1.0.0',
        name: 'macvlan',
        plugins: [
          { type: 'macvlan', args: { cni: { a: 'nad', b: 'pod', c: 'pod' } } },
          { type: 'tuning', args: { cni: { b: 'pod', c: 'pod' } } },
        ],
      },
      // The runtime's portMappings belong to the primary; a secondary only gets its own element's.
      capabilityArgs: {
        ips: ['10.1.1.11/24', '2001:db8::5/64'],
        mac: 'c2:b0:57:49:47:f1',
        portMappings: [{ containerPort: 80 }],
        bandwidth: { ingressRate: 1 },
        deviceID: '0000:03:00.1',
        infinibandGUID: 'guid',
      },
      cniArgs: [
        ['IP', '10.1.1.11/24,2001:db8::5/64'],
        ['MAC', 'c2:b0:57:49:47:f1'],
      ],
      requested: { ips: ['10.1.1.11/24', '2001:db8::5/64'], mac: 'c2:b0:57:49:47:f1', defaultRoute: ['10.1.1.1'] },
    });
  });

  it('gives the primary the runtime capability args (minus pod annotations) and no interface name', () => {
    const r = buildMultusRequest({
      confList: conf,
      source: 'cluster-network',
      statusName: 'flannel',
      isPrimary: true,
      selection: { ...sel, ips: undefined, mac: undefined, portMappings: undefined },
      runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80 }], [CRI_POD_ANNOTATIONS]: { a: 'b' } },
    });
    expect(r.ifName).toBeUndefined();
    expect(r.capabilityArgs).toEqual({ portMappings: [{ hostPort: 8080, containerPort: 80 }], bandwidth: { ingressRate: 1 }, deviceID: '0000:03:00.1', infinibandGUID: 'guid' });
    expect(r.cniArgs).toEqual([]);
  });

  it('recognises a multi-NIC conf and refuses it as the primary', () => {
    const mnic: ConfList = { cniVersion: '1.0.0', name: 'mnic', plugins: [{ type: 'multi-nic', plugin: { type: 'ipvlan', mode: 'l3' }, ipam: { type: 'multi-nic-ipam' } }] };
    const r = buildMultusRequest({ confList: mnic, source: 'multus', statusName: 'ns/mnic', isPrimary: false, selection: { ...sel, cniArgs: { nics: '2' } } });
    expect(r.source).toBe('multi-nic');
    expect(r.multiNic).toEqual({ nics: 2, plugin: { type: 'ipvlan', mode: 'l3' }, ipam: { type: 'multi-nic-ipam' } });
    const e = caughtSync(() => buildMultusRequest({ confList: mnic, source: 'cluster-network', statusName: 'mnic', isPrimary: true }));
    expect(e).toMatchObject({ code: CniCode.InvalidConfig, msg: 'invalid type' });
  });
});

describe('mergeCniArgs', () => {
  it('returns the conf unchanged without args, and never mutates its input', () => {
    expect(mergeCniArgs(conf, undefined)).toBe(conf);
    expect(mergeCniArgs(conf, {})).toBe(conf);
    const merged = mergeCniArgs(conf, { z: 1 });
    expect(conf.plugins[0]).toEqual({ type: 'macvlan', args: { cni: { a: 'nad', b: 'nad' } } });
    expect(merged.plugins[1]).toEqual({ type: 'tuning', args: { cni: { z: 1 } } });
  });
});
