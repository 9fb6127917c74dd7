import type { WorkflowStartRequest } from '../../../src-shared/workflows/workflows-contract';
import { checkArgsJson } from './args-json';
import type { JsonProblem } from './args-json';

/** The Workflows panel's fields as typed. */
export interface StartFields {
  /** The chosen workflow: its name, or its path when a nearer file of the same name hides it. */
  workflow: string;
  args: string;
  profileId: string;
  budgetTokens: string;
  cwd: string;
}
export type StartField = keyof StartFields;

export type StartCheck =
  | { ok: true; value: WorkflowStartRequest }
  | {
      ok: false;
      errors: Partial<Record<StartField, string>>;
      /** Where the args text is broken, for the caret. */
      argsProblem: JsonProblem | undefined;
    };

// The contract's limits (src-shared/workflows/workflows-contract.ts), repeated so the page does not bundle zod.
const PROFILE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_PATH = 4096;
const MAX_BUDGET_TOKENS = 1e12;

/** Checks the form and builds what `workflows.start` takes; nothing is sent while a field is wrong. */
export function startRequestFrom(fields: StartFields): StartCheck {
  const errors: Partial<Record<StartField, string>> = {};
  if (fields.workflow === '') errors.workflow = 'Choose a workflow to run.';

  const args = checkArgsJson(fields.args);
  if (!args.ok) errors.args = args.message;

  const profileId = fields.profileId.trim();
  if (!PROFILE_ID.test(profileId)) errors.profileId = 'Choose the profile its agents run with.';

  const budgetText = fields.budgetTokens.trim().replaceAll(/[,_\s]/g, '');
  const budgetTokens = budgetText === '' ? undefined : /^\d+$/.test(budgetText) ? Number(budgetText) : Number.NaN;
  if (budgetTokens !== undefined && !(budgetTokens >= 1 && budgetTokens <= MAX_BUDGET_TOKENS)) {
    errors.budgetTokens = `The budget is a whole number of output tokens from 1 to ${MAX_BUDGET_TOKENS.toLocaleString('en')}; leave it blank for none.`;
  }

  const cwd = fields.cwd.trim();
  if (cwd.length > MAX_PATH) errors.cwd = `The working directory is longer than ${MAX_PATH} characters.`;

  if (Object.keys(errors).length > 0 || !args.ok) return { ok: false, errors, argsProblem: args.ok ? undefined : args.problem };
  return {
    ok: true,
    value: {
      nameOrPath: fields.workflow,
      profileId,
      ...(args.args !== undefined && { args: args.args }),
      ...(budgetTokens !== undefined && { budgetTokens }),
      ...(cwd !== '' && { cwd }),
    },
  };
}
