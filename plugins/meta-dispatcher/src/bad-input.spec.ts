import { CniError } from '@plexus/cni-spec';
import { DispatcherHarness, dispatcherConf, ifaceResult, request } from './testing/dispatcher-harness';

function pod(): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [request('cluster', 'bridge', { isPrimary: true }), request('default/net-a', 'macvlan')];
  h.addMain('bridge', (ifName) => ifaceResult(ifName, '10.244.0.5/24'));
  h.addMain('macvlan', (ifName) => ifaceResult(ifName, '10.1.1.5/24'));
  return h;
}

describe('bad input leaves nothing half-attached', () => {
  it.each([
    ['a malformed annotation', new CniError(7, 'invalid k8s.v1.cni.cncf.io/networks', 'pod "default/web": [0].name: must be a DNS label')],
    ['an unknown NAD', new CniError(110, 'network not found (k8s.v1.cni.cncf.io/networks[0])', 'pod "default/web", network "default/ghost": does not exist')],
    ['a bad backend answer', new CniError(113, 'unusable backend answer (data[0].podIp)', 'pod "default/web", network "x": not an IPv4 address')],
    ['an unreachable API', new CniError(11, 'failed to get pod', 'pod "default/web": connect ECONNREFUSED')],
  ])('passes the sources\' error for %s through unchanged, before anything runs or is written', async (_what, error) => {
    const h = pod();
    const deps = h.deps.bind(h);
    h.deps = () => ({ ...deps(), sources: { ...deps().sources, resolveNetworks: async () => Promise.reject(error) } });
    const err = await h.fail('ADD');
    expect(err).toEqual({ code: error.code, msg: error.msg, details: error.details, cniVersion: '1.1.0' });
    expect(h.delegator.calls).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
    expect(await h.podLinks()).toEqual([]);
  });

  it('refuses path-traversing container ids (code 4) on every command, touching nothing', async () => {
    const h = pod();
    for (const command of ['ADD', 'DEL', 'CHECK'] as const) {
      const err = await h.fail(command, undefined, { containerId: '../../etc/passwd' });
      expect(err).toMatchObject({ code: 4, msg: 'invalid CNI_CONTAINERID' });
    }
    expect(h.delegator.calls).toEqual([]);
    expect([...h.files.files.keys()]).toEqual([]);
  });

  it('refuses a dispatcher config it cannot use with code 7 naming the key', async () => {
    const h = pod();
    const err = await h.fail('ADD', dispatcherConf({ cacheDir: 'relative/dir' }));
    expect(err).toMatchObject({ code: 7, msg: 'invalid cacheDir' });
    expect(h.delegator.calls).toEqual([]);
  });
});
