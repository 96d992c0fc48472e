/**
 * Floor (a) for the Worker's CPU per checkout: a tiny Worker, served by the
 * same runtime as Stockroom, that sends the same checkout batch with plain
 * `fetch`: the prebuilt compact pipeline (checkout-batch.ts) with the user id
 * and key put in, its answer parsed, and a small JSON reply. No router, no
 * tRPC, no ORM, no token check: what is left is the runtime's own cost of an
 * HTTP request that makes one database request.
 *
 * GET /?user=<id>&key=<idempotency key>; the pipeline comes as the PIPELINE var.
 */
import { KEY_MARK, USER_MARK } from './checkout-batch.ts';

export const FLOOR_WORKER_NAME = 'floor';

export const FLOOR_WORKER_SCRIPT = `
export default {
  async fetch(request, env) {
    const params = new URL(request.url).searchParams;
    const body = env.PIPELINE.replaceAll(${JSON.stringify(USER_MARK)}, params.get('user'))
      .replaceAll(${JSON.stringify(KEY_MARK)}, params.get('key'));
    const response = await fetch(env.TURSO_DATABASE_URL + '/v3/pipeline', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + env.TURSO_AUTH_TOKEN, 'content-type': 'application/json' },
      body,
    });
    const reply = await response.json();
    const result = reply.results[0];
    const error = result.type === 'ok' ? result.response.result.step_errors.find((e) => e !== null) : result.error;
    return Response.json(error ? { ok: false, error: error.message } : { ok: true }, { status: error ? 409 : 200 });
  },
};
`;
