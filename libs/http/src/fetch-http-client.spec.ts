import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpBodyError, HttpConnectionError, HttpStatusError, HttpTimeoutError, isTransientHttpError } from './errors';
import { createFetchHttpClient } from './fetch-http-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 whose handler each test sets. */
async function startServer(): Promise<{ url: string; setHandler(h: Handler): void; requests: string[]; stop(): Promise<void> }> {
  let handler: Handler = (_req, res) => res.end('{}');
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setHandler: (h) => (handler = h),
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('createFetchHttpClient against a local HTTP server', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeEach(async () => {
    srv = await startServer();
  });
  afterEach(() => srv.stop());

  it('returns the decoded body and status of a 2xx answer, sending accept: application/json', async () => {
    let accept: string | undefined;
    srv.setHandler((req, res) => {
      accept = req.headers.accept;
      res.writeHead(203, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, data: [1, 2] }));
    });
    const res = await createFetchHttpClient().getJson(`${srv.url}/x?a=b`, { headers: { 'x-trace': 't1' } });
    expect(res).toEqual({ status: 203, body: { code: 0, data: [1, 2] } });
    expect(accept).toBe('application/json');
    expect(srv.requests).toEqual(['/x?a=b']);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [404, false],
    [400, false],
  ])('maps HTTP %i to HttpStatusError (transient: %s) with a body snippet', async (status, transient) => {
    srv.setHandler((_req, res) => res.writeHead(status).end(`failure ${status}`));
    const err = await createFetchHttpClient().getJson(srv.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status, bodySnippet: `failure ${status}`, kind: 'status' });
    expect(isTransientHttpError(err)).toBe(transient);
  });

  it.each([
    ['not json', 'body is not JSON'],
    ['', 'body is not JSON'],
    ['{"a":', 'body is not JSON'],
  ])('maps a 2xx body %j to HttpBodyError', async (body, msg) => {
    srv.setHandler((_req, res) => res.writeHead(200).end(body));
    const err = await createFetchHttpClient().getJson(srv.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpBodyError);
    expect((err as Error).message).toContain(msg);
    expect(isTransientHttpError(err)).toBe(false);
  });

  it('refuses a body larger than the limit', async () => {
    srv.setHandler((_req, res) => res.writeHead(200).end(JSON.stringify({ pad: 'x'.repeat(2000) })));
    const err = await createFetchHttpClient({ maxBodyBytes: 1000 }).getJson(srv.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpBodyError);
    expect((err as Error).message).toContain('1000-byte limit');
  });

  it('times out a server that never answers', async () => {
    srv.setHandler(() => undefined);
    const started = Date.now();
    const err = await createFetchHttpClient().getJson(srv.url, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect((err as HttpTimeoutError).timeoutMs).toBe(150);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(isTransientHttpError(err)).toBe(true);
  });

  it('times out a server that sends headers and then stalls the body', async () => {
    srv.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":');
    });
    const err = await createFetchHttpClient({ defaultTimeoutMs: 150 }).getJson(srv.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpTimeoutError);
  });

  it('maps a refused connection to HttpConnectionError naming ECONNREFUSED', async () => {
    const url = srv.url;
    await srv.stop();
    const err = await createFetchHttpClient().getJson(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpConnectionError);
    expect((err as HttpConnectionError).reason).toContain('ECONNREFUSED');
    expect(isTransientHttpError(err)).toBe(true);
    srv = await startServer();
  });
});
