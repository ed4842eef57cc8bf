import { FaultInjector } from './faults';

describe('FaultInjector', () => {
  it('consumes counted rules in order, by method and path', () => {
    const f = new FaultInjector().failNext(2, 503, { method: 'GET', path: '/pods/' }).dropNext(1, { method: 'POST' });
    expect(f.decide('POST', '/api/v1/namespaces/a/pods')).toEqual({ latencyMs: 0, action: { kind: 'drop' } });
    expect(f.decide('GET', '/api/v1/nodes/n1')).toEqual({ latencyMs: 0 });
    expect(f.decide('GET', '/api/v1/namespaces/a/pods/x').action).toEqual({ kind: 'error', status: 503 });
    expect(f.decide('GET', '/api/v1/namespaces/a/pods/x').action).toEqual({ kind: 'error', status: 503 });
    expect(f.decide('GET', '/api/v1/namespaces/a/pods/x').action).toBeUndefined();
    expect(f.snapshot().rules).toEqual([]);
  });

  it('applies latency to matching requests until reset; an uncounted rule stays', () => {
    const f = new FaultInjector().setLatency(250, { path: '^/apis/' }).add({ action: 'error', status: 500, method: 'DELETE' });
    expect(f.decide('GET', '/apis/x/v1/things').latencyMs).toBe(250);
    expect(f.decide('GET', '/api/v1/nodes').latencyMs).toBe(0);
    expect(f.decide('DELETE', '/api/v1/nodes/n').action).toEqual({ kind: 'error', status: 500 });
    expect(f.decide('DELETE', '/api/v1/nodes/n').action).toEqual({ kind: 'error', status: 500 });
    f.reset();
    expect(f.decide('DELETE', '/apis/x/v1/things')).toEqual({ latencyMs: 0 });
  });
});
