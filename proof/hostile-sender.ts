/**
 * Sends the hostile plans (hostile.ts) and records one history entry per
 * input: a batched call is one input with its own status, as tRPC answers
 * each call of a batch apart. Paced to a rate of inputs per second.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';
import fc from 'fast-check';
import { createStoreClient, type StoreClient } from '../client/src/store-client.ts';
import type { Reply } from '../local-stack/trpc-http.ts';
import type { History } from './history.ts';
import { type Caller, type HostileTargets, leakIn, type Plan, planArbitrary } from './hostile.ts';
import { answerOf, ORDER_READS } from './operations.ts';

const TIMEOUT_MS = 30_000;
/** How much of a hostile input the history keeps. */
const INPUT_CHARS = 400;

type Sent = {
  procedure: string;
  transport: string;
  reply: Pick<Reply, 'status' | 'error' | 'failure'>;
  data?: unknown;
};

const bearer = (caller: Caller): Record<string, string> =>
  caller.token ? { authorization: `Bearer ${caller.token}` } : {};

type BatchEntry = { result?: { data: unknown }; error?: Reply['error'] };

async function sendBatch(targets: HostileTargets, plan: Extract<Plan, { transport: 'batch' }>) {
  const paths = plan.calls.map((call) => call.spec.path).join(',');
  const inputs = Object.fromEntries(plan.calls.map((call, i) => [String(i), call.input]));
  const queries = plan.calls.every((call) => call.spec.type === 'query');
  const url = queries
    ? `${targets.baseUrl}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`
    : `${targets.baseUrl}/trpc/${paths}?batch=1`;
  const init: RequestInit = queries
    ? { headers: bearer(plan.caller) }
    : {
        method: 'POST',
        headers: { ...bearer(plan.caller), 'content-type': 'application/json' },
        body: JSON.stringify(inputs),
      };
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text();
    let body: BatchEntry[] | BatchEntry | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const sent = plan.calls.map((call, i): Sent => {
      const entry = Array.isArray(body) ? body[i] : body;
      const status = entry?.error
        ? (entry.error.data?.httpStatus ?? response.status)
        : response.status === 207
          ? 200
          : response.status;
      const failure = entry === undefined ? `not a tRPC answer: ${text.slice(0, 120)}` : undefined;
      return {
        procedure: call.spec.path,
        transport: 'batch',
        reply: { status, error: entry?.error, failure },
        data: entry?.result?.data,
      };
    });
    return { sent, leak: leakIn(text, targets.secrets) };
  } catch (error) {
    const reply = { status: 0, failure: String(error) };
    return {
      sent: plan.calls.map((call) => ({ procedure: call.spec.path, transport: 'batch', reply })),
      leak: undefined,
    };
  }
}

const clients = new Map<string, StoreClient>();

function clientFor(targets: HostileTargets, caller: Caller): StoreClient {
  let client = clients.get(caller.name);
  if (!client) {
    client = createStoreClient({
      url: `${targets.baseUrl}/trpc`,
      token: caller.token,
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) }),
    });
    clients.set(caller.name, client);
  }
  return client;
}

type Invocable = Record<string, Record<string, Record<'query' | 'mutate', (input: unknown) => Promise<unknown>>>>;

/** The calls through the typed client, which batches them as a storefront would. */
async function sendThroughClient(targets: HostileTargets, plan: Extract<Plan, { transport: 'client' }>) {
  const client = clientFor(targets, plan.caller) as unknown as Invocable;
  const settled = await Promise.allSettled(
    plan.calls.map((call) => {
      const [router = '', procedure = ''] = call.spec.path.split('.');
      return client[router]?.[procedure]?.[call.spec.type === 'query' ? 'query' : 'mutate'](call.input);
    }),
  );
  let leak: string | undefined;
  const sent = settled.map((result, i): Sent => {
    const procedure = plan.calls[i]?.spec.path ?? '-';
    if (result.status === 'fulfilled') {
      leak ??= leakIn(JSON.stringify(result.value) ?? '', targets.secrets);
      return { procedure, transport: 'client', reply: { status: 200 }, data: result.value };
    }
    const error = result.reason;
    if (!(error instanceof TRPCClientError))
      return { procedure, transport: 'client', reply: { status: 0, failure: String(error) } };
    leak ??= leakIn(`${error.message} ${JSON.stringify(error.data)}`, targets.secrets);
    const response = (error.meta as { response?: { status?: number } } | undefined)?.response;
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus ?? response?.status ?? 0;
    const failure = status === 0 ? error.message.slice(0, 200) : undefined;
    return {
      procedure,
      transport: 'client',
      reply: { status, error: { message: error.message, data: error.data }, failure },
    };
  });
  return { sent, leak };
}

async function sendRaw(targets: HostileTargets, plan: Extract<Plan, { transport: 'raw' }>) {
  const { raw, caller } = plan;
  const transport = `raw:${raw.name}`;
  const headers = { ...bearer(caller), ...(raw.init.headers as Record<string, string> | undefined) };
  try {
    const response = await fetch(raw.url, { ...raw.init, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text();
    let error: Reply['error'];
    try {
      // A batch (`?batch=1`) answers an array, one entry per call.
      const body = JSON.parse(text) as { error?: Reply['error'] } | Array<{ error?: Reply['error'] }>;
      error = (Array.isArray(body) ? body[0] : body)?.error;
    } catch {
      error = undefined;
    }
    return {
      sent: [{ procedure: raw.path, transport, reply: { status: response.status, error } }],
      leak: leakIn(text, targets.secrets),
    };
  } catch (error) {
    return {
      sent: [{ procedure: raw.path, transport, reply: { status: 0, failure: String(error) } }],
      leak: undefined,
    };
  }
}

/** What was sent, shortened, so a violation can be sent again by hand. */
function inputOf(plan: Plan, i: number): string {
  if (plan.transport !== 'raw') return (JSON.stringify(plan.calls[i]?.input) ?? 'undefined').slice(0, INPUT_CHARS);
  const { url, init } = plan.raw;
  const body =
    typeof init.body === 'string' ? init.body : init.body ? `<${(init.body as Uint8Array).length} bytes>` : '';
  return `${init.method ?? 'GET'} ${url} ${JSON.stringify(init.headers ?? {})} ${body}`.slice(0, INPUT_CHARS);
}

/** Sends one plan and records each of its inputs. */
async function sendPlan(targets: HostileTargets, plan: Plan, history: History, t0: number): Promise<void> {
  const startedAt = performance.now() - t0;
  const { sent, leak }: { sent: Sent[]; leak: string | undefined } =
    plan.transport === 'batch'
      ? await sendBatch(targets, plan)
      : plan.transport === 'client'
        ? await sendThroughClient(targets, plan)
        : await sendRaw(targets, plan);
  const endedAt = performance.now() - t0;
  sent.forEach((one, i) => {
    // Only answers whose data was read (a raw request's is not) can show whose orders they hold.
    const reads =
      plan.caller.customerId !== undefined && one.data !== undefined ? ORDER_READS[one.procedure] : undefined;
    const answer = answerOf(one.reply as Reply, startedAt, endedAt, reads ? () => reads(one.data) : undefined);
    history.add(
      {
        kind: 'hostile',
        procedure: one.procedure,
        transport: one.transport,
        caller: plan.caller.name,
        input: inputOf(plan, i),
        customerId: plan.caller.customerId,
        // One request shows a leak once, on its first input.
        ...(i === 0 && leak ? { leak } : {}),
      },
      answer,
    );
  });
}

export type HostileRun = {
  targets: HostileTargets;
  history: History;
  t0: number;
  /** Inputs a second, over the run. */
  rate: number;
  /** Requests in flight at most. */
  concurrency: number;
  seed: number;
  /** False once the run is over. */
  go: () => boolean;
  /** Takes one request from the run's budget; false once it is spent. */
  take: () => boolean;
};

/** Sends hostile plans until `go()` says stop; answers the inputs and requests sent. */
export async function runHostile(
  run: HostileRun,
): Promise<{ inputs: number; requests: number; harnessErrors: number }> {
  const arbitrary = planArbitrary(run.targets);
  let seed = run.seed;
  let buffer: Plan[] = [];
  let inputs = 0;
  let requests = 0;
  let harnessErrors = 0;
  const started = performance.now();
  const next = (): Plan => {
    if (buffer.length === 0) buffer = fc.sample(arbitrary, { numRuns: 100, seed: seed++ });
    return buffer.pop() as Plan;
  };
  await Promise.all(
    Array.from({ length: run.concurrency }, async () => {
      while (run.go()) {
        const ahead = inputs - (run.rate * (performance.now() - started)) / 1_000;
        if (ahead > 0) {
          await sleep((ahead / run.rate) * 1_000);
          continue;
        }
        if (!run.take()) break;
        const plan = next();
        inputs += plan.transport === 'raw' ? 1 : plan.calls.length;
        requests++;
        // A fault of the proof's own while sending one plan is reported, and the run goes on.
        await sendPlan(run.targets, plan, run.history, run.t0).catch((error) => {
          harnessErrors++;
          if (harnessErrors <= 3) console.error('proof: a hostile plan could not be sent:', error);
        });
      }
    }),
  );
  return { inputs, requests, harnessErrors };
}
