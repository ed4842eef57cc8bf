import { parseResourcePath } from './resource-path';

describe('parseResourcePath', () => {
  it.each([
    ['/api/v1/namespaces/default/pods', { group: '', version: 'v1', plural: 'pods', namespace: 'default' }],
    ['/api/v1/namespaces/default/pods/web-0/status', { group: '', version: 'v1', plural: 'pods', namespace: 'default', name: 'web-0', subresource: 'status' }],
    ['/api/v1/nodes/n1', { group: '', version: 'v1', plural: 'nodes', name: 'n1' }],
    ['/api/v1/namespaces', { group: '', version: 'v1', plural: 'namespaces' }],
    ['/api/v1/namespaces/kube-system', { group: '', version: 'v1', plural: 'namespaces', name: 'kube-system' }],
    ['/api/v1/namespaces/kube-system/status', { group: '', version: 'v1', plural: 'namespaces', name: 'kube-system', subresource: 'status' }],
    ['/apis/k8s.cni.cncf.io/v1/namespaces/ns1/network-attachment-definitions/macvlan', { group: 'k8s.cni.cncf.io', version: 'v1', plural: 'network-attachment-definitions', namespace: 'ns1', name: 'macvlan' }],
    ['/apis/plexus.io/v1alpha1/clusternetworks', { group: 'plexus.io', version: 'v1alpha1', plural: 'clusternetworks' }],
  ])('%s', (path, expected) => {
    expect(parseResourcePath(path)).toEqual(expected);
  });

  it.each(['/', '/api', '/apis/g', '/healthz', '/api/v1/namespaces/a/pods/b/status/extra'])('%s is not a resource path', (path) => {
    expect(parseResourcePath(path)).toBeUndefined();
  });
});
