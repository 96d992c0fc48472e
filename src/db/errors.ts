/**
 * Reading what libSQL said when a guarded batch failed. Guards are
 * constraints (CHECK, NOT NULL, UNIQUE), so the name in the error message is
 * what tells a service which business rule refused the write.
 */
import { DatabaseTimeoutError } from './client.ts';

export type ConstraintKind = 'check' | 'notnull' | 'unique';

export type ConstraintViolation = {
  kind: ConstraintKind;
  /** The CHECK constraint's name, or `table.column` for NOT NULL and UNIQUE. */
  target: string;
};

const PATTERNS: Array<[ConstraintKind, RegExp]> = [
  ['check', /CHECK constraint failed: ([\w.]+)/],
  ['notnull', /NOT NULL constraint failed: ([\w.]+)/],
  // An expression index is named instead of its columns: "index 'users_email_lower_unique'".
  ['unique', /UNIQUE constraint failed: (?:index ')?([\w., ]+)/],
];

function* causeChain(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; current && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** The constraint a failed write broke, or undefined when it failed otherwise. */
export function constraintViolation(error: unknown): ConstraintViolation | undefined {
  for (const link of causeChain(error)) {
    if (!(link instanceof Error)) continue;
    for (const [kind, pattern] of PATTERNS) {
      const match = pattern.exec(link.message);
      if (match) return { kind, target: (match[1] as string).trim() };
    }
  }
  return undefined;
}

export function isViolationOf(error: unknown, kind: ConstraintKind, target: string): boolean {
  const violation = constraintViolation(error);
  return violation?.kind === kind && violation.target.startsWith(target);
}

/**
 * True when the database could not be reached or did not answer in time, as
 * opposed to refusing a statement. Those requests get 503, never a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link instanceof DatabaseTimeoutError) return true;
    if (!(link instanceof Error)) continue;
    const code = (link as { code?: unknown }).code;
    if (code === 'SERVER_ERROR' || code === 'HRANA_WEBSOCKET_ERROR' || code === 'HRANA_CLOSED_ERROR') return true;
    if (link.name === 'TypeError' && /fetch|network|connect/i.test(link.message)) return true;
    if (/ECONNREFUSED|ECONNRESET|Network connection lost|socket hang up/i.test(link.message)) return true;
  }
  return false;
}
