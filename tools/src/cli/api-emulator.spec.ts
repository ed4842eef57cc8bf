import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSeedFile, runEmulatorCli } from './api-emulator';

describe('plexus-api-emulator CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plexus-emu-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads seeds as an object, an array or a List', () => {
    const obj = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
    for (const doc of [obj, [obj], { kind: 'List', items: [obj] }]) {
      writeFileSync(join(dir, 's.json'), JSON.stringify(doc));
      expect(readSeedFile(join(dir, 's.json'))).toEqual([obj]);
    }
  });

  it('serves seeded objects, prints URL and kubeconfig path, and stops when told (SIGTERM in production)', async () => {
    const seed = join(dir, 'seed.json');
    const kubeconfig = join(dir, 'kc');
    writeFileSync(seed, JSON.stringify([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default' } }]));
    let printed = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    let stop = (): void => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const done = runEmulatorCli(['node', 'main', '--port', '0', '--kubeconfig-out', kubeconfig, '--seed', seed, '--token', 'cli-token'], stopped);
    while (!printed.includes('\n')) await new Promise((r) => setTimeout(r, 10));
    write.mockRestore();
    const { url, kubeconfig: kcPath } = JSON.parse(printed) as { url: string; kubeconfig: string };
    expect(kcPath).toBe(kubeconfig);
    expect(JSON.parse(readFileSync(kubeconfig, 'utf8')).users[0].user.token).toBe('cli-token');
    const res = await fetch(`${url}/api/v1/namespaces/default/pods/web-0`, { headers: { authorization: 'Bearer cli-token' } });
    expect(((await res.json()) as { metadata: { name: string } }).metadata.name).toBe('web-0');
    stop();
    await done;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('leaves --kubeconfig-out at mode 0600 even when it existed world-readable (it holds a bearer token)', async () => {
    const kubeconfig = join(dir, 'kc');
    writeFileSync(kubeconfig, 'old', { mode: 0o644 });
    let stop = (): void => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const done = runEmulatorCli(['node', 'main', '--port', '0', '--kubeconfig-out', kubeconfig, '--token', 'secret'], stopped);
    try {
      while (!write.mock.calls.length) await new Promise((r) => setTimeout(r, 10));
      expect(JSON.parse(readFileSync(kubeconfig, 'utf8')).users[0].user.token).toBe('secret');
      expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['kc']);
    } finally {
      write.mockRestore();
      stop();
      await done;
    }
  });
});
