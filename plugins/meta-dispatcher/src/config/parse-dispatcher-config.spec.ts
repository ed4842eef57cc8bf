import { CniCode, CniError, type NetConf } from '@plexus/cni-spec';
import { catchCniError } from '@plexus/cni-spec/testing';
import { DISPATCHER_DEFAULTS } from './dispatcher-config';
import { matchesNicPattern } from './parse-multi-nic-options';
import { parseDispatcherConfig } from './parse-dispatcher-config';

const base = { cniVersion: '1.1.0', name: 'plexus', type: 'meta-dispatcher' };
const parse = (extra: Record<string, unknown>) => parseDispatcherConfig({ ...base, ...extra } as NetConf);

const errorOf = (extra: Record<string, unknown>): CniError => catchCniError(() => parse(extra));

describe('parseDispatcherConfig', () => {
  it('applies every default to a minimal config', () => {
    expect(parse({})).toEqual({
      cniVersion: '1.1.0',
      name: 'plexus',
      confDir: DISPATCHER_DEFAULTS.confDir,
      cacheDir: '/var/lib/cni/plexus/meta-dispatcher',
      defaultNetworks: [],
      multusNamespace: 'kube-system',
      systemNamespaces: ['kube-system'],
      namespaceIsolation: false,
      globalNamespaces: ['default'],
      danm: { enabled: false, defaultNetwork: 'default', namingScheme: 'indexed' },
      delegateTimeoutMs: 30000,
      multiNic: { excludeNics: [] },
      networks: [],
      delegates: [],
      readinessTimeoutMs: 45000,
      logToStderr: true,
      capabilities: {},
      mergedResult: false,
      warnings: [],
    });
  });

  it('reads every key of a full config', () => {
    const c = parse({
      kubeconfig: '/etc/cni/net.d/plexus.d/kubeconfig',
      confDir: '/etc/cni/multus/net.d',
      cacheDir: '/run/plexus',
      binDir: '/opt/plexus/bin',
      clusterNetwork: 'flannel',
      defaultNetworks: ['sidecar-net', '/etc/cni/extra.conflist'],
      multusNamespace: 'multus',
      systemNamespaces: ['kube-system', 'monitoring'],
      namespaceIsolation: true,
      globalNamespaces: 'shared, default',
      danm: { defaultNetwork: 'fallback', namingScheme: 'legacy' },
      delegateTimeoutMs: 12000,
      multiNic: { hostNics: ['eth1', 'eth2'], excludeNics: ['docker*', 'eth9'] },
      logFile: '/var/log/plexus.log',
      logLevel: 'verbose',
    });
    expect(c).toMatchObject({
      kubeconfig: '/etc/cni/net.d/plexus.d/kubeconfig',
      confDir: '/etc/cni/multus/net.d',
      cacheDir: '/run/plexus',
      binDir: '/opt/plexus/bin',
      clusterNetwork: 'flannel',
      defaultNetworks: ['sidecar-net', '/etc/cni/extra.conflist'],
      multusNamespace: 'multus',
      systemNamespaces: ['kube-system', 'monitoring'],
      namespaceIsolation: true,
      globalNamespaces: ['shared', 'default'],
      danm: { enabled: true, defaultNetwork: 'fallback', namingScheme: 'legacy' },
      delegateTimeoutMs: 12000,
      multiNic: { hostNics: ['eth1', 'eth2'], excludeNics: ['docker*', 'eth9'] },
      logFile: '/var/log/plexus.log',
      logLevel: 'debug',
    });
  });

  it.each([
    [{ danm: true }, { enabled: true, defaultNetwork: 'default', namingScheme: 'indexed' }],
    [{ danm: false }, { enabled: false, defaultNetwork: 'default', namingScheme: 'indexed' }],
    [{ danm: { enabled: false } }, { enabled: false, defaultNetwork: 'default', namingScheme: 'indexed' }],
    [{ danm: { defaultNetwork: '' } }, { enabled: true, defaultNetwork: '', namingScheme: 'indexed' }],
  ])('reads danm %j', (extra, danm) => {
    expect(parse(extra).danm).toEqual(danm);
  });

  it('reads the backend with its default and explicit timeout', () => {
    expect(parse({ backend: 'http://rm.example:8080/rmController/getPodMultiNetwork' }).backend).toEqual({
      url: 'http://rm.example:8080/rmController/getPodMultiNetwork',
      timeoutMs: 5000,
    });
    expect(parse({ backend: 'https://rm.example/x?zone=a', backendTimeoutMs: 900 }).backend).toEqual({ url: 'https://rm.example/x?zone=a', timeoutMs: 900 });
  });

  it('reads the static networks list in both forms', () => {
    expect(parse({ networks: ['primary', { conf: '/etc/cni/data.conflist', interface: 'data0' }] }).networks).toEqual([
      { conf: 'primary', field: 'networks[0]' },
      { conf: '/etc/cni/data.conflist', interface: 'data0', field: 'networks[1]' },
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['relative confDir', { confDir: 'etc/cni' }, 'invalid confDir'],
    ['number cacheDir', { cacheDir: 5 }, 'invalid cacheDir'],
    ['relative kubeconfig', { kubeconfig: 'kubeconfig' }, 'invalid kubeconfig'],
    ['NUL in binDir', { binDir: '/opt/\0bin' }, 'invalid binDir'],
    ['relative clusterNetwork path', { clusterNetwork: 'net.d/flannel.conf' }, 'invalid clusterNetwork'],
    ['clusterNetwork with ..', { clusterNetwork: '/etc/cni/../../secret' }, 'invalid clusterNetwork'],
    ['clusterNetwork not a name', { clusterNetwork: '-bad name' }, 'invalid clusterNetwork'],
    ['clusterNetwork not a string', { clusterNetwork: ['a'] }, 'invalid clusterNetwork'],
    ['defaultNetworks not a list', { defaultNetworks: 'a' }, 'invalid defaultNetworks'],
    ['defaultNetworks bad entry', { defaultNetworks: ['ok', '../x'] }, 'invalid defaultNetworks[1]'],
    ['defaultNetworks number entry', { defaultNetworks: [1] }, 'invalid defaultNetworks[0]'],
    ['multusNamespace upper case', { multusNamespace: 'Kube-System' }, 'invalid multusNamespace'],
    ['multusNamespace too long', { multusNamespace: 'a'.repeat(64) }, 'invalid multusNamespace'],
    ['systemNamespaces string', { systemNamespaces: 'kube-system' }, 'invalid systemNamespaces'],
    ['systemNamespaces bad name', { systemNamespaces: ['ok', 'not_ok'] }, 'invalid systemNamespaces[1]'],
    ['namespaceIsolation string', { namespaceIsolation: 'true' }, 'invalid namespaceIsolation'],
    ['globalNamespaces bad', { globalNamespaces: 'a,B' }, 'invalid globalNamespaces'],
    ['globalNamespaces number', { globalNamespaces: 3 }, 'invalid globalNamespaces'],
    ['danm string', { danm: 'yes' }, 'invalid danm'],
    ['danm unknown key', { danm: { enable: true } }, 'invalid danm.enable'],
    ['danm enabled string', { danm: { enabled: 'true' } }, 'invalid danm.enabled'],
    ['danm bad default', { danm: { defaultNetwork: 'Default' } }, 'invalid danm.defaultNetwork'],
    ['danm bad naming', { danm: { namingScheme: 'random' } }, 'invalid danm.namingScheme'],
    ['backend not a URL', { backend: 'rm-controller' }, 'invalid backend'],
    ['backend ftp', { backend: 'ftp://rm/x' }, 'invalid backend'],
    ['backend credentials', { backend: 'http://u:p@rm/x' }, 'invalid backend'],
    ['backend fragment', { backend: 'http://rm/x#y' }, 'invalid backend'],
    ['backend own podName', { backend: 'http://rm/x?podName=a' }, 'invalid backend'],
    ['backend number', { backend: 8080 }, 'invalid backend'],
    ['backend timeout zero', { backend: 'http://rm/x', backendTimeoutMs: 0 }, 'invalid backendTimeoutMs'],
    ['backend timeout fraction', { backend: 'http://rm/x', backendTimeoutMs: 1.5 }, 'invalid backendTimeoutMs'],
    ['backend timeout alone', { backendTimeoutMs: 100 }, 'invalid backendTimeoutMs'],
    ['backend with clusterNetwork', { backend: 'http://rm/x', clusterNetwork: 'flannel' }, 'invalid backend'],
    ['backend with danm', { backend: 'http://rm/x', danm: true }, 'invalid backend'],
    ['backend with networks', { backend: 'http://rm/x', networks: ['a'] }, 'invalid backend'],
    ['backend with defaultNetworks', { backend: 'http://rm/x', defaultNetworks: ['a'] }, 'invalid backend'],
    ['clusterNetwork with networks', { clusterNetwork: 'a', networks: ['b'] }, 'invalid networks'],
    ['delegate timeout string', { delegateTimeoutMs: '30s' }, 'invalid delegateTimeoutMs'],
    ['delegate timeout negative', { delegateTimeoutMs: -1 }, 'invalid delegateTimeoutMs'],
    ['multiNic list', { multiNic: [] }, 'invalid multiNic'],
    ['multiNic unknown key', { multiNic: { nics: 2 } }, 'invalid multiNic.nics'],
    ['hostNics empty', { multiNic: { hostNics: [] } }, 'invalid multiNic.hostNics'],
    ['hostNics bad name', { multiNic: { hostNics: ['eth1', 'a/b'] } }, 'invalid multiNic.hostNics[1]'],
    ['hostNics too long', { multiNic: { hostNics: ['abcdefghijklmnop'] } }, 'invalid multiNic.hostNics[0]'],
    ['hostNics duplicate', { multiNic: { hostNics: ['eth1', 'eth1'] } }, 'invalid multiNic.hostNics[1]'],
    ['excludeNics star only', { multiNic: { excludeNics: ['*'] } }, 'invalid multiNic.excludeNics[0]'],
    ['hostNics excluded', { multiNic: { hostNics: ['docker0'], excludeNics: ['docker*'] } }, 'invalid multiNic.hostNics'],
    ['networks object', { networks: { conf: 'a' } }, 'invalid networks'],
    ['networks entry number', { networks: [7] }, 'invalid networks[0]'],
    ['networks missing conf', { networks: [{ interface: 'x' }] }, 'invalid networks[0].conf'],
    ['networks unknown key', { networks: [{ conf: 'a', ifname: 'x' }] }, 'invalid networks[0].ifname'],
    ['networks primary interface', { networks: [{ conf: 'a', interface: 'eth9' }] }, 'invalid networks[0].interface'],
    ['networks bad interface', { networks: ['a', { conf: 'b', interface: 'x/y' }] }, 'invalid networks[1].interface'],
    ['networks NUL interface (issue 11)', { networks: ['a', { conf: 'b', interface: '\u0000' }] }, 'invalid networks[1].interface'],
    ['networks duplicate interface', { networks: ['a', { conf: 'b', interface: 'n1' }, { conf: 'c', interface: 'n1' }] }, 'invalid networks[2].interface'],
    ['networks traversal', { networks: ['../../etc/passwd'] }, 'invalid networks[0].conf'],
    ['logLevel unknown', { logLevel: 'chatty' }, 'invalid logLevel'],
    ['logLevel number', { logLevel: 3 }, 'invalid logLevel'],
    ['logFile relative', { logFile: 'plexus.log' }, 'invalid logFile'],
  ])('refuses %s with code 7 naming the field', (_name, extra, msg) => {
    const e = errorOf(extra);
    expect(e).toBeInstanceOf(CniError);
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(msg);
    expect(e.details).toBeTruthy();
  });

  // The generic readers are @plexus/json-fields' and @plexus/cni-spec's (issue 12): the texts users see stay those
  // the dispatcher's own copies produced.
  it.each<[string, Record<string, unknown>, string]>([
    ['delegateTimeoutMs', { delegateTimeoutMs: 0 }, 'must be a whole number of milliseconds from 1 to 3600000, got number 0'],
    ['readinessTimeoutMs', { readinessTimeoutMs: '5' }, 'must be a whole number of milliseconds from 1 to 600000, got string "5"'],
    ['backendTimeoutMs', { backend: 'http://rm/x', backendTimeoutMs: 1.5 }, 'must be a whole number of milliseconds from 1 to 300000, got number 1.5'],
    ['multiNic.nics', { multiNic: { nics: 2 } }, 'unknown key (known keys: hostNics, excludeNics)'],
    ['confDir', { confDir: 'etc/cni' }, '"etc/cni" must be an absolute path'],
    ['binDir', { binDir: '/opt/\0bin' }, 'must not contain NUL bytes'],
  ])('words a bad %s as before', (field, extra, details) => {
    expect(errorOf(extra).toJSON()).toEqual({ code: CniCode.InvalidConfig, msg: `invalid ${field}`, details });
  });

  it("reads paths with cni-spec's readAbsolutePath, whose wording of a non-string names the expected path", () => {
    expect(errorOf({ cacheDir: 5 }).details).toBe('must be a string (an absolute path), got number');
    expect(errorOf({ confDir: 'a\0b' }).details).toBe('must not contain NUL bytes');
  });
});

describe('matchesNicPattern', () => {
  it.each([
    [['docker*'], 'docker0', true],
    [['docker*'], 'dock', false],
    [['eth9'], 'eth9', true],
    [['eth9'], 'eth90', false],
    [[], 'eth0', false],
  ])('%j matches %s: %s', (patterns, nic, expected) => {
    expect(matchesNicPattern(patterns, nic)).toBe(expected);
  });
});
