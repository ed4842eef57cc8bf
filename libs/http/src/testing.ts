import type { GetJsonOptions, HttpClient, HttpJsonResponse } from './http-client';

/** A canned answer of the fake: a response, or an error to throw (e.g. `new HttpTimeoutError(url, 5000)`). */
export type FakeHttpAnswer = HttpJsonResponse | Error | ((url: string) => HttpJsonResponse | Error);

/** A recorded call to the fake. */
export interface FakeHttpCall {
  url: string;
  opts: GetJsonOptions;
}

/**
 * FakeHttpClient answers from a table: the first rule whose matcher fits the URL gives the answer (a string
 * matcher is a URL prefix). Every call is recorded; an unmatched URL throws a plain Error so a test notices.
 */
export class FakeHttpClient implements HttpClient {
  readonly calls: FakeHttpCall[] = [];
  private readonly rules: Array<{ match: string | RegExp; answer: FakeHttpAnswer; remaining: number }> = [];

  /** on adds a rule; `times` limits how often it answers (default: always). */
  on(match: string | RegExp, answer: FakeHttpAnswer, times = Infinity): this {
    this.rules.push({ match, answer, remaining: times });
    return this;
  }

  async getJson(url: string, opts: GetJsonOptions = {}): Promise<HttpJsonResponse> {
    this.calls.push({ url, opts: { ...opts } });
    const rule = this.rules.find((r) => r.remaining > 0 && (typeof r.match === 'string' ? url.startsWith(r.match) : r.match.test(url)));
    if (!rule) throw new Error(`FakeHttpClient: no answer for GET ${url}`);
    rule.remaining--;
    const answer = typeof rule.answer === 'function' ? rule.answer(url) : rule.answer;
    if (answer instanceof Error) throw answer;
    return JSON.parse(JSON.stringify(answer)) as HttpJsonResponse;
  }
}
