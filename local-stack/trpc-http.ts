/** tRPC calls to the stack's Worker over plain HTTP, as any client would make them. */
import type { ErrorData } from '../src/shared/error-data.ts';
import type { Stack } from './start-stack.ts';

export type Reply = {
  status: number;
  ms: number;
  /** The tRPC result data on success, the error's message and data otherwise. */
  data?: { id: number; items: Array<{ variantId: number; quantity: number }> };
  error?: { message: string; data: ErrorData };
  /** Set when no HTTP answer came back at all. */
  failure?: string;
};

/** Sends one tRPC request and reads its answer; never throws, so a load records every outcome. */
async function send(url: string, init: RequestInit, timeoutMs: number): Promise<Reply> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let body: { result?: { data: Reply['data'] }; error?: Reply['error'] };
    try {
      body = JSON.parse(text);
    } catch {
      return { status: response.status, ms: performance.now() - started, failure: `not JSON: ${text.slice(0, 300)}` };
    }
    return { status: response.status, ms: performance.now() - started, data: body.result?.data, error: body.error };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, failure: String(error) };
  }
}

const bearer = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** One tRPC mutation over HTTP; never throws, so a load records every outcome. */
export function mutate(stack: Stack, path: string, input: unknown, token?: string, timeoutMs = 30_000) {
  return send(
    `${stack.baseUrl}/trpc/${path}`,
    { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(input) },
    timeoutMs,
  );
}

/** One tRPC query over HTTP (GET, the input in the URL); never throws, like `mutate`. */
export function read(stack: Stack, path: string, input: unknown, token?: string, timeoutMs = 30_000) {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return send(`${stack.baseUrl}/trpc/${path}${search}`, { headers: bearer(token) }, timeoutMs);
}

export async function query(stack: Stack, path: string, token?: string) {
  const response = await fetch(`${stack.baseUrl}/trpc/${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: unknown } } };
}
