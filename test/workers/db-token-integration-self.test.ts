/**
 * The Worker tests' database server takes a token made for this run
 * (global-setup.ts), so a web page or any other local process that does not
 * know it cannot run SQL; the Worker, bound with the token, can.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { countRoundTrips } from './helpers.ts';

/** A read of what an attacker wants (password hashes), as a Hrana client sends it. */
const PIPELINE = {
  requests: [{ type: 'execute', stmt: { sql: 'SELECT email, password_hash FROM users' } }, { type: 'close' }],
};

async function postPipeline(path: string, authorization?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(`${inject('dbUrl')}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(PIPELINE),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the Worker tests' database server", () => {
  it('answers 401 UNAUTHORIZED to a JSON pipeline with no Authorization header', async () => {
    for (const path of ['/v2/pipeline', '/v3/pipeline']) {
      const answer = await postPipeline(path);
      expect(answer.status, path).toBe(401);
      expect(answer.body, path).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('answers 401 UNAUTHORIZED to a JSON pipeline with a wrong token', async () => {
    for (const path of ['/v2/pipeline', '/v3/pipeline']) {
      const answer = await postPipeline(path, `Bearer ${inject('dbAuthToken')}x`);
      expect(answer.status, path).toBe(401);
      expect(answer.body, path).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it("serves the Worker, which is bound with this run's token", async () => {
    expect(env.TURSO_AUTH_TOKEN).toBe(inject('dbAuthToken'));
    expect(inject('dbAuthToken')).toMatch(/^[0-9a-f]{64}$/);
    let health: { status: number; body: unknown } | undefined;
    const trips = await countRoundTrips(async () => {
      const response = await SELF.fetch('http://stockroom.test/health');
      health = { status: response.status, body: await response.json() };
    });
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', database: 'reachable' } });
    expect(trips).toBeGreaterThan(0);
    const answer = await postPipeline('/v3/pipeline', `Bearer ${inject('dbAuthToken')}`);
    expect(answer.status).toBe(200);
  });
});
