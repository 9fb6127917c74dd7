import type { Profile, ProfileKind } from '../../../src-shared/runs/runs-contract';
import { FieldErrors, optionalText } from './form-check';
import type { FormCheck } from './form-check';

export interface EnvRow {
  name: string;
  value: string;
}

/** A profile as its editor holds it; `argv` is one argument per line, so no quoting rules apply. */
export interface ProfileFields {
  id: string;
  name: string;
  kind: ProfileKind;
  builtIn: boolean;
  binaryPath: string;
  argv: string;
  cwd: string;
  model: string;
  env: EnvRow[];
}
export type ProfileField = Exclude<keyof ProfileFields, 'kind' | 'builtIn'>;

export const PROMPT_PLACEHOLDER = '{prompt}';

// The contract's limits (src-shared/runs/runs-contract.ts), repeated so the page does not bundle zod.
const PROFILE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME = 100;
const MAX_PATH = 4096;
const MAX_MODEL = 200;
const MAX_ARGS = 200;
const MAX_ARG = 10_000;
const MAX_ENV_VALUE = 100_000;

export function fieldsFromProfile(profile: Profile): ProfileFields {
  return {
    id: profile.id,
    name: profile.name,
    kind: profile.kind,
    builtIn: profile.builtIn,
    binaryPath: profile.binaryPath ?? '',
    argv: (profile.argv ?? []).join('\n'),
    cwd: profile.cwd ?? '',
    model: profile.model ?? '',
    env: Object.entries(profile.env).map(([name, value]) => ({ name, value })),
  };
}

export function newCommandProfileFields(): ProfileFields {
  return { id: '', name: '', kind: 'command', builtIn: false, binaryPath: '', argv: PROMPT_PLACEHOLDER, cwd: '', model: '', env: [] };
}

/**
 * Checks an edited profile and builds what `profiles.save` takes. `takenIds` are the other
 * profiles' ids: a new profile under an existing id would silently replace that one.
 */
export function profileFrom(fields: ProfileFields, takenIds: ReadonlySet<string>): FormCheck<Profile, ProfileField> {
  const errors = new FieldErrors<ProfileField>();
  const id = fields.id.trim();
  if (!PROFILE_ID.test(id)) errors.add('id', 'The id is lowercase letters, digits and dashes (up to 64), starting with a letter or digit, e.g. my-agent.');
  else if (takenIds.has(id)) errors.add('id', `A profile with the id "${id}" exists already.`);

  const name = fields.name.trim() || id;
  if (name.length > MAX_NAME) errors.add('name', `The name is longer than ${MAX_NAME} characters.`);

  const isCommand = fields.kind === 'command';
  const argv = isCommand ? fields.argv.split('\n').map((line) => line.trim()).filter((line) => line !== '') : undefined;
  if (argv !== undefined) {
    if (argv.length === 0) errors.add('argv', `Write the command, one argument per line, with ${PROMPT_PLACEHOLDER} where the prompt goes.`);
    else if (argv.length > MAX_ARGS) errors.add('argv', `The command has ${argv.length} arguments; at most ${MAX_ARGS} fit.`);
    else if (argv.some((arg) => arg.length > MAX_ARG)) errors.add('argv', `An argument is longer than ${MAX_ARG.toLocaleString('en')} characters.`);
    else if (!argv.some((arg) => arg.includes(PROMPT_PLACEHOLDER))) errors.add('argv', `Put ${PROMPT_PLACEHOLDER} where the prompt goes, e.g. a line "--task" followed by a line "${PROMPT_PLACEHOLDER}".`);
  }

  const binaryPath = isCommand ? undefined : optionalText(fields.binaryPath);
  if (binaryPath !== undefined && binaryPath.length > MAX_PATH) errors.add('binaryPath', `The path is longer than ${MAX_PATH} characters.`);
  const cwd = optionalText(fields.cwd);
  if (cwd !== undefined && cwd.length > MAX_PATH) errors.add('cwd', `The working directory is longer than ${MAX_PATH} characters.`);
  const model = optionalText(fields.model);
  if (model !== undefined && model.length > MAX_MODEL) errors.add('model', `The model name is longer than ${MAX_MODEL} characters.`);

  const env: Record<string, string> = {};
  for (const row of fields.env) {
    const envName = row.name.trim();
    if (envName === '' && row.value === '') continue;
    if (!ENV_NAME.test(envName)) errors.add('env', `"${envName}" is not an environment variable name (letters, digits and _, not starting with a digit).`);
    else if (envName in env) errors.add('env', `${envName} is set twice.`);
    else if (row.value.length > MAX_ENV_VALUE) errors.add('env', `The value of ${envName} is longer than ${MAX_ENV_VALUE.toLocaleString('en')} characters.`);
    else env[envName] = row.value;
  }

  return errors.result(() => ({
    id,
    name,
    kind: fields.kind,
    builtIn: fields.builtIn,
    env,
    ...(argv !== undefined && { argv }),
    ...(binaryPath !== undefined && { binaryPath }),
    ...(cwd !== undefined && { cwd }),
    ...(model !== undefined && { model }),
  }));
}
