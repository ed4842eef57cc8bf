import { CniCode } from '@plexus/cni-spec';

describe('lazy loading of @kubernetes/client-node', () => {
  afterEach(() => jest.resetModules());

  it('is not evaluated by importing the lib or creating a client, only by the first API call', async () => {
    let evaluated = 0;
    jest.doMock('@kubernetes/client-node', () => {
      evaluated++;
      return jest.requireActual('@kubernetes/client-node');
    });
    const lib = await import('./index');
    const client = lib.createKubeClient({ kubeconfigPath: '/nonexistent/plexus.kubeconfig' });
    expect(evaluated).toBe(0);
    expect(client.apiCallCount()).toBe(0);

    // The first call loads the library, then finds the kubeconfig missing: code 7, no request sent.
    await expect(client.getPod('default', 'web-0')).rejects.toMatchObject({ code: CniCode.InvalidConfig });
    expect(evaluated).toBe(1);
    expect(client.apiCallCount()).toBe(0);
  }, 120_000);
});
