import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HranaError, ProtocolError } from './hrana/errors.ts';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ProtocolError('Request body is too large', 'BODY_TOO_LARGE', 413);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ProtocolError('Request body is not valid JSON', 'INVALID_JSON');
  }
}

/** Content type exactly `application/json`: the Hrana client compares it verbatim before parsing an error body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
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
