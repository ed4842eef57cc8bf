import { HttpTimeoutError, isHttpError } from './errors';
import { FakeHttpClient } from './testing';

describe('FakeHttpClient', () => {
  it('answers by URL prefix or pattern, in rule order, and records calls', async () => {
    const http = new FakeHttpClient().on('http://a/', { status: 200, body: { n: 1 } }).on(/\/b\?/, { status: 200, body: { n: 2 } });
    expect((await http.getJson('http://a/x')).body).toEqual({ n: 1 });
    expect((await http.getJson('http://c/b?q=1', { timeoutMs: 7 })).body).toEqual({ n: 2 });
    expect(http.calls).toEqual([
      { url: 'http://a/x', opts: {} },
      { url: 'http://c/b?q=1', opts: { timeoutMs: 7 } },
    ]);
  });

  it('throws a configured error, honours times, and refuses unmatched URLs', async () => {
    const http = new FakeHttpClient().on('http://a/', new HttpTimeoutError('http://a/', 10), 1).on('http://a/', (url) => ({ status: 200, body: url }));
    const first = await http.getJson('http://a/').catch((e: unknown) => e);
    expect(isHttpError(first)).toBe(true);
    expect((await http.getJson('http://a/')).body).toBe('http://a/');
    await expect(http.getJson('http://z/')).rejects.toThrow('no answer for GET http://z/');
  });

  it('hands out copies so a caller cannot change the canned body', async () => {
    const body = { list: [1] };
    const http = new FakeHttpClient().on('u', { status: 200, body });
    ((await http.getJson('u')).body as { list: number[] }).list.push(2);
    expect((await http.getJson('u')).body).toEqual({ list: [1] });
  });
});
