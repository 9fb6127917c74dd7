import type { LaunchRequest } from '../../../src-shared/runs/runs-contract';
import { FieldErrors, inRange, optionalText, parseUsd, parseWholeNumber } from './form-check';
import type { FormCheck } from './form-check';

/** The "Run agent" form as typed: every field a string, blanks meaning "the profile's default". */
export interface LaunchFields {
  profileId: string;
  prompt: string;
  cwd: string;
  model: string;
  maxCostUsd: string;
  maxTurns: string;
}
export type LaunchField = keyof LaunchFields;

export const EMPTY_LAUNCH_FIELDS: LaunchFields = { profileId: '', prompt: '', cwd: '', model: '', maxCostUsd: '', maxTurns: '' };

// The contract's limits (src-shared/runs/runs-contract.ts), repeated as numbers so the page does not bundle zod.
const MAX_PROMPT = 200_000;
const MAX_PATH = 4096;
const MAX_MODEL = 200;
const MAX_COST_USD = 100_000;
const MAX_TURNS = 10_000;

/** Checks the form and builds the request `runs.launch` takes; a problem names its field. */
export function launchRequestFrom(fields: LaunchFields): FormCheck<LaunchRequest, LaunchField> {
  const errors = new FieldErrors<LaunchField>();
  const profileId = fields.profileId.trim();
  if (profileId === '') errors.add('profileId', 'Choose a profile to run.');

  const prompt = fields.prompt.trim();
  if (prompt === '') errors.add('prompt', 'Write the prompt: what should the agent do?');
  else if (prompt.length > MAX_PROMPT) errors.add('prompt', `The prompt is ${prompt.length.toLocaleString('en')} characters; at most ${MAX_PROMPT.toLocaleString('en')} fit.`);

  const cwd = optionalText(fields.cwd);
  if (cwd !== undefined && cwd.length > MAX_PATH) errors.add('cwd', `The working directory is longer than ${MAX_PATH} characters.`);

  const model = optionalText(fields.model);
  if (model !== undefined && model.length > MAX_MODEL) errors.add('model', `The model name is longer than ${MAX_MODEL} characters.`);

  const costText = optionalText(fields.maxCostUsd);
  const maxCostUsd = costText === undefined ? undefined : inRange(parseUsd(costText), Number.MIN_VALUE, MAX_COST_USD);
  if (costText !== undefined && maxCostUsd === undefined) {
    errors.add('maxCostUsd', `Max cost is a number of US dollars above 0 and at most ${MAX_COST_USD.toLocaleString('en')}, e.g. 2.50.`);
  }

  const turnsText = optionalText(fields.maxTurns);
  const maxTurns = turnsText === undefined ? undefined : inRange(parseWholeNumber(turnsText), 1, MAX_TURNS);
  if (turnsText !== undefined && maxTurns === undefined) {
    errors.add('maxTurns', `Max turns is a whole number from 1 to ${MAX_TURNS.toLocaleString('en')}.`);
  }

  return errors.result(() => ({
    profileId,
    prompt,
    ...(cwd !== undefined && { cwd }),
    ...(model !== undefined && { model }),
    ...(maxCostUsd !== undefined && { maxCostUsd }),
    ...(maxTurns !== undefined && { maxTurns }),
  }));
}
