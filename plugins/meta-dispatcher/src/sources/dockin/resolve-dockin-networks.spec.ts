import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CniCode } from '@plexus/cni-spec';
import { createFetchHttpClient } from '@plexus/http';
import { DispatcherCode } from '../../errors/dispatcher-errors';
import { resolveNetworks } from '../resolve-networks';
import { caught, makeSourceFixture, podArgs, writeConf } from '../testing/source-fixture';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real backend on 127.0.0.1 whose answer each test sets. */
async function startBackend(): Promise<{ url: string; urls: string[]; answer(h: Handler | unknown): void; stop(): Promise<void> }> {
  let handler: Handler = (_q, r) => r.end('{}');
  const urls: string[] = [];
  const server: Server = createServer((req, res) => {
    urls.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rmController/getPodMultiNetwork`,
    urls,
    answer: (h) => (handler = typeof h === 'function' ? (h as Handler) : (_q, r) => r.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(h))),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const entry = (over: Record<string, unknown> = {}) => ({ type: 'bridge-net', podIp: '10.1.2.3', subnetMask: '255.255.255.0', gateway: '10.1.2.1', ifName: 'eth0', master: false, ...over });

describe('resolveNetworks: Dockin-style backend over real HTTP', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(() => backend.stop());

  function fixture(pod = podArgs('team-a', 'web-0'), timeoutMs = 2000) {
    const f = makeSourceFixture({
      config: { backend: backend.url, backendTimeoutMs: timeoutMs, confDir: '/etc/cni/dockin/net.d' },
      cniArgs: pod,
      http: createFetchHttpClient(),
      runtimeConfig: { portMappings: [{ hostPort: 80, containerPort: 8080 }] },
    });
    writeConf(f.files, '/etc/cni/dockin/net.d/00-bridge.conf', { cniVersion: '0.3.1', name: 'bridge-net', type: 'bridge', bridge: 'br0', ipam: { type: 'host-local' } });
    writeConf(f.files, '/etc/cni/dockin/net.d/10-data.conflist', { cniVersion: '1.0.0', name: 'data', plugins: [{ type: 'macvlan', master: 'eth1' }, { type: 'tuning' }] });
    writeConf(f.files, '/etc/cni/dockin/net.d/99-broken.json', '{oops');
    return f;
  }

  it('asks for the pod by name and namespace, and orders master first then the others in answer order', async () => {
    const f = fixture(podArgs('team-a', 'web-0'));
    backend.answer({
      code: 0,
      message: 'ok',
      data: [entry({ type: 'data', podIp: '10.9.0.5', subnetMask: 'ffff0000', gateway: '', ifName: 'net1' }), entry({ master: true }), entry({ type: 'data', podIp: '10.9.0.6', subnetMask: 'ffff0000', ifName: 'net2' })],
    });
    const plan = await resolveNetworks(f.ctx);
    expect(backend.urls).toEqual(['/rmController/getPodMultiNetwork?podName=web-0&namespace=team-a']);
    expect(plan.map((r) => [r.source, r.statusName, r.isPrimary, r.ifName, r.fixedAddresses])).toEqual([
      ['dockin', 'bridge-net', true, undefined, [{ address: '10.1.2.3/24', gateway: '10.1.2.1' }]],
      ['dockin', 'data', false, 'net1', [{ address: '10.9.0.5/16' }]],
      ['dockin', 'data', false, 'net2', [{ address: '10.9.0.6/16', gateway: '10.1.2.1' }]],
    ]);
    expect(plan[0]!.confList.plugins[0]!.ipam).toEqual({ type: 'fakeipam', addresses: [{ address: '10.1.2.3/24', gateway: '10.1.2.1' }], routes: [{ dst: '0.0.0.0/0', gw: '10.1.2.1' }] });
    expect(plan[0]!.capabilityArgs).toEqual({ portMappings: [{ hostPort: 80, containerPort: 8080 }] });
    expect(plan[1]!.confList.plugins).toEqual([{ type: 'macvlan', master: 'eth1', ipam: { type: 'fakeipam', addresses: [{ address: '10.9.0.5/16' }] } }, { type: 'tuning' }]);
    expect(plan[1]!.requested).toEqual({ ips: ['10.9.0.5/16'] });
    expect(f.logLines.some((l) => l.msg === 'skipping unparsable network conf' && l.path === '/etc/cni/dockin/net.d/99-broken.json')).toBe(true);
    expect(f.kubeCreated()).toBe(0);
  });

  it('URL-encodes the pod name and namespace', async () => {
    const f = fixture([['K8S_POD_NAMESPACE', 'team-a'], ['K8S_POD_NAME', 'web-0.x']]);
    backend.answer({ code: 0, data: [entry({ master: true })] });
    await resolveNetworks(f.ctx);
    const url = new URL(`http://h${backend.urls[0]}`);
    expect([url.searchParams.get('podName'), url.searchParams.get('namespace')]).toEqual(['web-0.x', 'team-a']);
  });

  it.each<[string, Handler | unknown, number, string]>([
    ['a 500', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(500).end('db down'), CniCode.TryAgainLater, 'HTTP 500'],
    ['a 503', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(503).end(), CniCode.TryAgainLater, 'HTTP 503'],
    ['a 404', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(404).end('no such pod'), DispatcherCode.BackendRefused, 'HTTP 404'],
    ['a non-JSON body', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(200).end('<html>'), DispatcherCode.BackendBadAnswer, 'not JSON'],
    ['code != 0', { code: 7, message: 'quota exceeded' }, DispatcherCode.BackendRefused, 'quota exceeded'],
    ['no master', { code: 0, data: [entry()] }, DispatcherCode.BackendBadAnswer, 'found 0'],
    ['two masters', { code: 0, data: [entry({ master: true }), entry({ master: true, ifName: 'net1' })] }, DispatcherCode.BackendBadAnswer, 'found 2'],
    ['an invalid mask', { code: 0, data: [entry({ master: true, subnetMask: 'fffff0ff' })] }, DispatcherCode.BackendBadAnswer, 'contiguous non-zero mask'],
    ['an unknown type', { code: 0, data: [entry({ master: true, type: 'nowhere' })] }, DispatcherCode.NetworkNotFound, 'no conf named "nowhere"'],
  ])('maps %s', async (_n, answer, code, text) => {
    const f = fixture(podArgs('team-a', 'web-0'));
    backend.answer(answer);
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(code);
    expect(e.details).toContain('pod "team-a/web-0"');
    expect(e.details).toContain(text);
  });

  it('maps a timeout to code 11', async () => {
    const f = fixture(podArgs('team-a', 'web-0'), 150);
    backend.answer(() => undefined);
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(CniCode.TryAgainLater);
    expect(e.details).toContain('no answer within 150 ms');
  });

  it('maps a refused connection to code 11', async () => {
    const f = fixture(podArgs('team-a', 'web-0'));
    await backend.stop();
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(CniCode.TryAgainLater);
    expect(e.details).toContain('ECONNREFUSED');
    backend = await startBackend();
  });

  it('needs the pod identity (code 4)', async () => {
    const f = fixture([]);
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(CniCode.InvalidEnvironment);
    expect(backend.urls).toEqual([]);
  });
});
