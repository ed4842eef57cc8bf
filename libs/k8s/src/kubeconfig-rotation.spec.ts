import { loadLoopbackTls, renderKubeconfig, startEmulator, type Emulator } from '@plexus/kube-emulator';
import { CniCode } from '@plexus/cni-spec';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadClientNode } from './client-node';
import { createKubeClient } from './create-kube-client';
import { FakeClock } from './testing';

const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default' } };

beforeAll(() => loadClientNode(), 120_000);

/** rotateFile replaces a file the way kubelet updates a projected token: write aside, then rename over it. */
function rotateFile(path: string, content: string): void {
  writeFileSync(`${path}.new`, content);
  renameSync(`${path}.new`, path);
}

describe('credentials: kubeconfig, token files and rotation', () => {
  let emu: Emulator;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plexus-k8s-'));
  });
  afterEach(async () => {
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('picks up a rewritten kubeconfig while the client lives', async () => {
    emu = await startEmulator({ tokens: ['token-one'] });
    emu.seed(POD);
    const client = createKubeClient({ kubeconfigPath: emu.kubeconfigPath, clock: new FakeClock() });
    await client.getPod('default', 'web-0');

    emu.setTokens(['token-two']);
    rotateFile(emu.kubeconfigPath, readKubeconfigWithToken(emu, 'token-two'));
    await expect(client.getPod('default', 'web-0')).resolves.toMatchObject({ metadata: { name: 'web-0' } });
    // The change was seen before sending, so the old token never reached the server after the rotation.
    expect(emu.requests.list().map((r) => r.status)).toEqual([200, 200]);
  });

  it('re-reads a rotated tokenFile (relative to the kubeconfig) before the next request', async () => {
    emu = await startEmulator({ tokens: ['projected-1'] });
    emu.seed(POD);
    writeFileSync(join(dir, 'token'), 'projected-1\n');
    const kubeconfigPath = emu.writeKubeconfig({ tokenFile: 'token' }, join(dir, 'kubeconfig'));
    const client = createKubeClient({ kubeconfigPath, clock: new FakeClock() });
    await client.getPod('default', 'web-0');

    emu.setTokens(['projected-2']);
    rotateFile(join(dir, 'token'), 'projected-2\n');
    await client.getPod('default', 'web-0');
    expect(emu.requests.list().map((r) => r.status)).toEqual([200, 200]);
  });

  it('re-reads once after a 401, then reports code 11; the next call succeeds once the file is rotated', async () => {
    emu = await startEmulator({ tokens: ['old'] });
    emu.seed(POD);
    const client = createKubeClient({ kubeconfigPath: emu.kubeconfigPath, clock: new FakeClock() });
    await client.getPod('default', 'web-0');

    emu.setTokens(['new']);
    const err = await client.getPod('default', 'web-0').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: CniCode.TryAgainLater, msg: 'failed to get pods "default/web-0"' });
    expect((err as Error).message).toContain(`401 Unauthorized with credentials from kubeconfig "${emu.kubeconfigPath}"`);

    rotateFile(emu.kubeconfigPath, readKubeconfigWithToken(emu, 'new'));
    await expect(client.getPod('default', 'web-0')).resolves.toBeDefined();
    expect(emu.requests.list().map((r) => r.status)).toEqual([200, 401, 401, 200]);
  });

  it('uses the in-cluster service account over TLS and follows its token rotation', async () => {
    const tls = loadLoopbackTls();
    emu = await startEmulator({ tokens: ['sa-1'], tls });
    emu.seed(POD);
    writeFileSync(join(dir, 'token'), 'sa-1');
    writeFileSync(join(dir, 'ca.crt'), tls.cert);
    writeFileSync(join(dir, 'namespace'), 'kube-system');
    const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(emu.port) };
    const client = createKubeClient({ env, serviceAccountDir: dir, clock: new FakeClock() });
    await expect(client.getPod('default', 'web-0')).resolves.toMatchObject({ metadata: { name: 'web-0' } });

    emu.setTokens(['sa-2']);
    rotateFile(join(dir, 'token'), 'sa-2');
    await expect(client.getPod('default', 'web-0')).resolves.toBeDefined();
    expect(emu.requests.list().map((r) => r.status)).toEqual([200, 200]);
  });

  it('verifies the server certificate: an https server not signed by the kubeconfig CA fails (code 11, after TLS)', async () => {
    emu = await startEmulator({ tls: loadLoopbackTls() });
    const path = join(dir, 'kubeconfig');
    // No CA and no insecure-skip-tls-verify: the self-signed emulator certificate must not be trusted.
    writeFileSync(path, JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: emu.url } }],
      users: [{ name: 'u', user: { token: emu.token } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }));
    const err = await createKubeClient({ kubeconfigPath: path, retries: 0, clock: new FakeClock() }).getPod('default', 'web-0').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: CniCode.TryAgainLater });
    expect((err as Error).message).toMatch(/self[- ]signed certificate/);
    expect(emu.requests.count()).toBe(0);
  });
});

describe('credentials that cannot be used are code 7 naming kubeconfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plexus-k8s-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('missing kubeconfig file', async () => {
    const path = join(dir, 'absent.kubeconfig');
    const err = await createKubeClient({ kubeconfigPath: path }).getPod('default', 'web-0').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: CniCode.InvalidConfig, msg: 'invalid kubeconfig' });
    expect((err as Error).message).toBe(`invalid kubeconfig: "${path}": no such file`);
  });

  it('kubeconfig without a usable current context', async () => {
    const path = join(dir, 'kubeconfig');
    writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] }));
    await expect(createKubeClient({ kubeconfigPath: path }).getPod('a', 'b')).rejects.toMatchObject({
      code: CniCode.InvalidConfig,
      details: expect.stringContaining(`"${path}": no cluster for current-context`),
    });
  });

  it('kubeconfig with a plain-HTTP server: used as kubectl does, with a warning', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'a', name: 'b', uid: 'u1', annotations: { seen: req.headers.authorization ?? '' } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const path = join(dir, 'kubeconfig');
      writeFileSync(path, JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}` } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }));
      const warnings: string[] = [];
      const pod = await createKubeClient({ kubeconfigPath: path, onWarning: (w) => warnings.push(w) }).getPod('a', 'b');
      expect(pod.metadata.annotations).toEqual({ seen: 'Bearer t' });
      expect(warnings).toEqual([`kubeconfig "${path}": server "http://127.0.0.1:${port}" is plain HTTP; credentials and pod data travel unencrypted`]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('kubeconfig that is not YAML', async () => {
    const path = join(dir, 'kubeconfig');
    writeFileSync(path, 'clusters: [unclosed');
    await expect(createKubeClient({ kubeconfigPath: path }).getPod('a', 'b')).rejects.toMatchObject({ code: CniCode.InvalidConfig, msg: 'invalid kubeconfig' });
  });

  it('kubeconfig whose tokenFile is missing', async () => {
    const path = join(dir, 'kubeconfig');
    writeFileSync(path, JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'http://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { tokenFile: 'gone' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }));
    await expect(createKubeClient({ kubeconfigPath: path }).getPod('a', 'b')).rejects.toMatchObject({
      code: CniCode.InvalidConfig,
      details: `"${path}" token file "${join(dir, 'gone')}": no such file`,
    });
  });

  it('no kubeconfig and not in a cluster', async () => {
    await expect(createKubeClient({ env: {} }).getPod('a', 'b')).rejects.toMatchObject({
      code: CniCode.InvalidConfig,
      msg: 'invalid kubeconfig',
      details: expect.stringContaining('KUBERNETES_SERVICE_HOST'),
    });
  });

  it('in cluster but the service-account token is not mounted', async () => {
    const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '6443' };
    await expect(createKubeClient({ env, serviceAccountDir: dir }).getPod('a', 'b')).rejects.toMatchObject({
      code: CniCode.InvalidConfig,
      details: `in-cluster service account token "${join(dir, 'token')}": no such file`,
    });
  });
});

function readKubeconfigWithToken(emu: Emulator, token: string): string {
  return renderKubeconfig({ server: emu.url, token });
}
