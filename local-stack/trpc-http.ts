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

/** One tRPC mutation over HTTP; never throws, so a load records every outcome. */
export async function mutate(stack: Stack, path: string, input: unknown, token?: string, timeoutMs = 30_000) {
  const started = performance.now();
  try {
    const response = await fetch(`${stack.baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: { result?: { data: Reply['data'] }; error?: Reply['error'] };
    try {
      body = JSON.parse(text);
    } catch {
      return { status: response.status, ms: performance.now() - started, failure: `not JSON: ${text.slice(0, 300)}` };
    }
    return { status: response.status, ms: performance.now() - started, data: body.result?.data, error: body.error };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, failure: String(error) } satisfies Reply;
  }
}

export async function query(stack: Stack, path: string, token?: string) {
  const response = await fetch(`${stack.baseUrl}/trpc/${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: unknown } } };
}
