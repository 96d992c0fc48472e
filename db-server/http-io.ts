import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HranaError, ProtocolError } from './hrana/errors.ts';

/**
 * Reads the body, keeping at most `maxBytes`. A larger one is read to its end
 * and dropped, so the client gets the 413 instead of a reset connection.
 * `onSize` hears the body's size in bytes.
 */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
  onSize?: (bytes: number) => void,
): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  onSize?.(size);
  if (size > maxBytes) {
    throw new ProtocolError(`Request body is larger than ${maxBytes} bytes`, 'BODY_TOO_LARGE', 413);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ProtocolError('Request body is not valid JSON', 'INVALID_JSON');
  }
}

/**
 * Content type exactly `application/json`: the Hrana client compares it
 * verbatim before parsing an error body. Returns the body's size in bytes.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes });
  res.end(text);
  return bytes;
}

export function sendError(res: ServerResponse, status: number, error: HranaError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, error);
}

/** Newline-delimited JSON, the body format of the `v3/cursor` endpoint. */
export function sendJsonLines(res: ServerResponse, items: unknown[]): void {
  const text = `${items.map((item) => JSON.stringify(item)).join('\n')}\n`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
