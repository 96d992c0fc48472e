/**
 * The stack the browser tests, the benchmark and the proofs share
 * (local-stack/start-stack.ts) runs its database server with a token made for
 * the run: any web page open in the browser can send requests to 127.0.0.1,
 * and one that does not know the token runs no SQL. The Worker, given the
 * token, does. No browser needed: the requests are the ones a page or a
 * local process could send.
 */
import { describe, expect, inject, it } from 'vitest';
import { baseUrl } from './helpers.ts';

const PIPELINE = {
  requests: [{ type: 'execute', stmt: { sql: 'SELECT email, password_hash FROM users' } }, { type: 'close' }],
};

async function postPipeline(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${inject('storefrontDbUrl')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(PIPELINE),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the shared stack's database server", () => {
  it('answers 401 UNAUTHORIZED to a JSON pipeline without its token', async () => {
    for (const path of ['/v2/pipeline', '/v3/pipeline']) {
      const anonymous = await postPipeline(path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body, path).toMatchObject({ code: 'UNAUTHORIZED' });
      const wrong = await postPipeline(path, { authorization: 'Bearer not-this-runs-token' });
      expect(wrong.status, path).toBe(401);
    }
  });

  it("serves the stack's Worker and a client with this run's token", async () => {
    const health = await fetch(`${baseUrl()}/health`);
    expect({ status: health.status, body: await health.json() }).toMatchObject({
      status: 200,
      body: { status: 'ok', database: 'reachable' },
    });
    const withToken = await postPipeline('/v3/pipeline', {
      authorization: `Bearer ${inject('storefrontDbAuthToken')}`,
    });
    expect(withToken.status).toBe(200);
  });
});
