import { ApiError } from '../../../src-shared/api/api-error';

/**
 * What the Controls forms share: a form is checked field by field into the value the host takes,
 * and every problem is a sentence attached to the field it is about.
 */
export type FormCheck<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

/** Collects field errors while a form is checked; `result` gives the value only when none came up. */
export class FieldErrors<F extends string> {
  readonly errors: Partial<Record<F, string>> = {};

  add(field: F, message: string): void {
    this.errors[field] ??= message;
  }

  result<T>(build: () => T): FormCheck<T, F> {
    return Object.keys(this.errors).length === 0 ? { ok: true, value: build() } : { ok: false, errors: this.errors };
  }
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const WHOLE = /^\d+$/;

/**
 * A number as a person types it: digits with an optional decimal point. `Number()` alone would
 * also take "0x10", "1e3" or "Infinity", which nobody means in a cost or a count.
 */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/** Dollars, with or without a leading "$". */
export function parseUsd(text: string): number | undefined {
  return parseDecimal(text.trim().replace(/^\$\s*/, ''));
}

export function parseWholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return WHOLE.test(trimmed) ? Number(trimmed) : undefined;
}

/** The value when it lies within [min, max], else undefined: a parse and a range check in one. */
export function inRange(value: number | undefined, min: number, max: number): number | undefined {
  return value !== undefined && value >= min && value <= max ? value : undefined;
}

/** Optional text fields: blank means "not given", the rest is sent trimmed. */
export function optionalText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The host checks again at its boundary; an `invalid_argument` names the fields it refused
 * (`issues[].path`), and those land on the form's fields like the page's own checks. `aliases`
 * map the host's names to the form's where they differ (`cancelGraceMs` → `cancelGraceSeconds`).
 */
export function hostFieldErrors<F extends string>(error: unknown, fields: readonly F[], aliases: Readonly<Record<string, F>> = {}): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  if (!(error instanceof ApiError)) return errors;
  for (const issue of error.issues ?? []) {
    const name = String(issue.path[0]);
    const field = aliases[name] ?? fields.find((candidate) => candidate === name);
    if (field !== undefined) errors[field] ??= issue.message;
  }
  return errors;
}
