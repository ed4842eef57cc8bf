import { MemoryAgentFs } from '../testing';
import { readServiceAccount } from './read-service-account';
import { renderKubeconfig } from './render-kubeconfig';
import { resolveApiServer } from './resolve-api-server';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('resolveApiServer', () => {
  it('prefers the flag and normalises it', () => expect(resolveApiServer('http://127.0.0.1:8080/', {})).toBe('http://127.0.0.1:8080'));
  it('builds the in-cluster https URL, brackets for IPv6', () => {
    expect(resolveApiServer(undefined, { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '6443' })).toBe('https://10.0.0.1:6443');
    expect(resolveApiServer(undefined, { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' })).toBe('https://[fd00::1]:6443');
  });
  it('names what is missing or wrong', () => {
    expect(() => resolveApiServer(undefined, {})).toThrow(/KUBERNETES_SERVICE_HOST/);
    expect(() => resolveApiServer('ftp://x', {})).toThrow(/--api-server "ftp:\/\/x"/);
    expect(() => resolveApiServer('https://u:p@x', {})).toThrow(/--api-server/);
  });
});

describe('readServiceAccount', () => {
  it('reads token and CA', async () => {
    const fs = new MemoryAgentFs();
    await fs.writeAtomic('/sa/token', 'tok\n');
    await fs.writeAtomic('/sa/ca.crt', PEM);
    expect(await readServiceAccount(fs, '/sa', 'https://x')).toEqual({ token: 'tok', ca: PEM });
  });
  it('names a missing dir, token, or CA for https', async () => {
    const fs = new MemoryAgentFs();
    await expect(readServiceAccount(fs, '/sa', 'https://x')).rejects.toThrow('service-account dir "/sa" does not exist');
    await fs.writeAtomic('/sa/token', '');
    await expect(readServiceAccount(fs, '/sa', 'https://x')).rejects.toThrow('"/sa/token" is missing or empty');
    await fs.writeAtomic('/sa/token', 't');
    await expect(readServiceAccount(fs, '/sa', 'https://x')).rejects.toThrow('"/sa/ca.crt"');
    await expect(readServiceAccount(fs, '/sa', 'http://x')).resolves.toEqual({ token: 't', ca: undefined });
  });
});

describe('renderKubeconfig', () => {
  it('embeds server, CA and token', () => {
    const k = JSON.parse(renderKubeconfig('https://x:6443', { token: 't', ca: PEM }));
    expect(k.clusters[0].cluster).toEqual({ server: 'https://x:6443', 'certificate-authority-data': Buffer.from(PEM).toString('base64') });
    expect(k.users[0].user).toEqual({ token: 't' });
    expect(k['current-context']).toBe('plexus');
  });
  it('marks a plain-HTTP server explicitly (libs/k8s refuses http otherwise), never an https one', () => {
    expect(JSON.parse(renderKubeconfig('http://127.0.0.1:1', { token: 't' })).clusters[0].cluster).toEqual({ server: 'http://127.0.0.1:1', 'insecure-skip-tls-verify': true });
    expect(JSON.parse(renderKubeconfig('https://x', { token: 't', ca: PEM })).clusters[0].cluster['insecure-skip-tls-verify']).toBeUndefined();
  });
});
