import { ProtocolError } from './errors.ts';

/** A value as the libsql binding reads and binds it (safe-integer mode). */
export type SqlValue = null | bigint | number | string | Buffer;

/** The Hrana `Value` structure in its JSON encoding. */
export type JsonValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?\d+$/;

export function decodeValue(raw: unknown): SqlValue {
  if (typeof raw !== 'object' || raw === null) throw new ProtocolError('Value must be an object');
  const value = raw as Record<string, unknown>;
  switch (value.type) {
    case 'null':
      return null;
    case 'integer':
      return decodeInteger(value.value);
    case 'float':
      if (typeof value.value !== 'number') throw new ProtocolError('Float value must be a number');
      return value.value;
    case 'text':
      if (typeof value.value !== 'string') throw new ProtocolError('Text value must be a string');
      return value.value;
    case 'blob':
      if (typeof value.base64 !== 'string') throw new ProtocolError('Blob value must carry base64');
      return Buffer.from(value.base64, 'base64');
    default:
      throw new ProtocolError(`Unknown value type ${JSON.stringify(value.type)}`);
  }
}

function decodeInteger(text: unknown): bigint {
  // Some clients send small integers as JSON numbers; accept them when exact.
  if (typeof text === 'number' && Number.isSafeInteger(text)) return BigInt(text);
  if (typeof text !== 'string' || !INTEGER_TEXT.test(text)) {
    throw new ProtocolError('Integer value must be a decimal string');
  }
  const integer = BigInt(text);
  if (integer < INT64_MIN || integer > INT64_MAX) {
    throw new ProtocolError('Integer value does not fit in 64 bits');
  }
  return integer;
}

export function encodeValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return encodeFloat(value);
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) {
    return { type: 'blob', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  throw new Error(`Cannot encode a ${typeof value} as a Hrana value`);
}

function encodeFloat(value: number): JsonValue {
  // JSON has no infinities; SQLite can hold them (1e999), so clamp to the
  // largest finite double rather than emit `null`, which no client accepts.
  if (Number.isFinite(value)) return { type: 'float', value };
  if (Number.isNaN(value)) return { type: 'null' };
  return { type: 'float', value: value > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE };
}
