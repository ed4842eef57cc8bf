import { classifyFailure } from './classify-failure';

// Shapes as client-node 1.x produces them: ApiException {code, body: text} and node-fetch's FetchError.
const apiException = (code: number, body?: unknown) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers: {} });
const status = (code: number, reason: string, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

describe('classifyFailure', () => {
  it('maps Status responses by code and reason', () => {
    expect(classifyFailure(apiException(404, status(404, 'NotFound', 'pods "x" not found')), false, 1)).toMatchObject({ kind: 'not-found' });
    expect(classifyFailure(apiException(409, status(409, 'AlreadyExists', 'exists')), false, 1)).toMatchObject({ kind: 'already-exists' });
    expect(classifyFailure(apiException(409, status(409, 'Conflict', 'modified')), false, 1)).toMatchObject({ kind: 'conflict', detail: 'modified' });
    expect(classifyFailure(apiException(401), false, 1)).toMatchObject({ kind: 'unauthorized', reason: 'Unauthorized' });
    expect(classifyFailure(apiException(403, status(403, 'Forbidden', 'no RBAC')), false, 1)).toMatchObject({ kind: 'rejected', status: 403, detail: 'no RBAC' });
    expect(classifyFailure(apiException(429, ''), false, 1)).toMatchObject({ kind: 'transient', detail: '429 TooManyRequests' });
    expect(classifyFailure(apiException(502, '<html>bad gateway</html>'), false, 1)).toMatchObject({ kind: 'transient', detail: '502 HTTP502: <html>bad gateway</html>' });
  });

  it('treats connection errors and deadlines as transient, and leaves other throws alone', () => {
    const fetchError = Object.assign(new Error('request to http://127.0.0.1:1/api failed, reason: connect ECONNREFUSED'), { name: 'FetchError', code: 'ECONNREFUSED' });
    expect(classifyFailure(fetchError, false, 1)).toMatchObject({ kind: 'transient', reason: 'ConnectionError' });
    expect(classifyFailure(new Error('whatever'), true, 250)).toEqual({ kind: 'transient', reason: 'Timeout', detail: 'timed out after 250 ms' });
    expect(classifyFailure(new TypeError('x is undefined'), false, 1)).toBeUndefined();
  });
});
