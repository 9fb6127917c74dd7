import type { RunSettings } from '../../../src-shared/runs/runs-contract';
import { FieldErrors, inRange, optionalText, parseDecimal, parseUsd, parseWholeNumber } from './form-check';
import type { FormCheck } from './form-check';

/** Run settings as typed; the grace is edited in seconds, which people think in, and sent in ms. */
export interface SettingsFields {
  maxConcurrent: string;
  monthlyBudgetUsd: string;
  cancelGraceSeconds: string;
}
export type SettingsField = keyof SettingsFields;

// The contract's limits (src-shared/runs/runs-contract.ts), repeated so the page does not bundle zod.
const MAX_CONCURRENT = 64;
const MAX_BUDGET_USD = 1_000_000;
const MIN_GRACE_MS = 100;
const MAX_GRACE_MS = 60_000;

export function fieldsFromSettings(settings: RunSettings): SettingsFields {
  return {
    maxConcurrent: String(settings.maxConcurrent),
    monthlyBudgetUsd: settings.monthlyBudgetUsd === null ? '' : String(settings.monthlyBudgetUsd),
    cancelGraceSeconds: String(settings.cancelGraceMs / 1000),
  };
}

/** A blank budget means "no budget" (null), not "unchanged". */
export function settingsFrom(fields: SettingsFields): FormCheck<RunSettings, SettingsField> {
  const errors = new FieldErrors<SettingsField>();
  const maxConcurrent = inRange(parseWholeNumber(fields.maxConcurrent), 1, MAX_CONCURRENT);
  if (maxConcurrent === undefined) errors.add('maxConcurrent', `At most this many runs at once: a whole number from 1 to ${MAX_CONCURRENT}.`);

  const budgetText = optionalText(fields.monthlyBudgetUsd);
  const budget = budgetText === undefined ? null : inRange(parseUsd(budgetText), Number.MIN_VALUE, MAX_BUDGET_USD);
  if (budget === undefined) {
    errors.add('monthlyBudgetUsd', `The monthly budget is a number of US dollars above 0 and at most ${MAX_BUDGET_USD.toLocaleString('en')}; leave it blank for no budget.`);
  }

  const graceSeconds = parseDecimal(fields.cancelGraceSeconds);
  const cancelGraceMs = inRange(graceSeconds === undefined ? undefined : Math.round(graceSeconds * 1000), MIN_GRACE_MS, MAX_GRACE_MS);
  if (cancelGraceMs === undefined) errors.add('cancelGraceSeconds', `The cancel grace is from ${MIN_GRACE_MS / 1000} to ${MAX_GRACE_MS / 1000} seconds.`);

  if (maxConcurrent === undefined || budget === undefined || cancelGraceMs === undefined) return { ok: false, errors: errors.errors };
  return { ok: true, value: { maxConcurrent, monthlyBudgetUsd: budget, cancelGraceMs } };
}
