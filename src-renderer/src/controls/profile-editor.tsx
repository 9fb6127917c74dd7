import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { Profile } from '../../../src-shared/runs/runs-contract';
import { useApi } from '../api/api-context';
import { PROMPT_PLACEHOLDER, profileFrom } from '../runs/profile-form-model';
import type { ProfileField, ProfileFields } from '../runs/profile-form-model';
import { saveProfile } from '../runs/profiles-store';
import { isSubmitChord } from '../runs/submit-chord';
import { EnvEditor } from './env-editor';
import { FormField, invalidProps } from './form-field';
import { useCheckedSubmit } from './use-checked-submit';

const FIELDS: readonly ProfileField[] = ['id', 'name', 'binaryPath', 'argv', 'cwd', 'model', 'env'];

interface ProfileEditorProps {
  initial: ProfileFields;
  /** A new profile picks its id; an existing one keeps it. */
  isNew: boolean;
  /** Ids a new profile must not take. */
  takenIds: ReadonlySet<string>;
  onDone: (saved: Profile | undefined) => void;
}

/** Edits one profile: built-ins their binary, env and model; command profiles also their command. */
export function ProfileEditor({ initial, isNew, takenIds, onDone }: ProfileEditorProps) {
  const api = useApi();
  const [fields, setFields] = useState(initial);
  const { errors, hostError, busy, submit } = useCheckedSubmit(FIELDS);
  const isCommand = fields.kind === 'command';

  const set = (field: Exclude<ProfileField, 'env'>) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFields((current) => ({ ...current, [field]: value }));
  };

  async function save(): Promise<void> {
    await submit(profileFrom(fields, isNew ? takenIds : new Set()), async (profile) => onDone(await saveProfile(api, profile)));
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void save();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (isSubmitChord(event)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      onDone(undefined);
    }
  };

  return (
    <form className="control-form profile-editor" data-testid="profile-editor" aria-label={isNew ? 'New profile' : `Edit ${initial.name}`} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <FormField label="Id" htmlFor="profile-id" error={errors.id} hint={isNew ? 'Lowercase letters, digits and dashes.' : undefined}>
        <input id="profile-id" data-testid="profile-id" value={fields.id} disabled={!isNew} spellCheck={false} onChange={set('id')} {...invalidProps('profile-id', errors.id)} />
      </FormField>
      <FormField label="Name" htmlFor="profile-name" error={errors.name}>
        <input id="profile-name" data-testid="profile-name" value={fields.name} placeholder={fields.id} onChange={set('name')} {...invalidProps('profile-name', errors.name)} />
      </FormField>
      {isCommand ? (
        <FormField label="Command, one argument per line" htmlFor="profile-argv" error={errors.argv} hint={`${PROMPT_PLACEHOLDER} is replaced by the prompt.`}>
          <textarea id="profile-argv" data-testid="profile-argv" rows={4} spellCheck={false} value={fields.argv} onChange={set('argv')} {...invalidProps('profile-argv', errors.argv)} />
        </FormField>
      ) : (
        <FormField label="Binary" htmlFor="profile-binaryPath" error={errors.binaryPath}>
          <input id="profile-binaryPath" data-testid="profile-binary" value={fields.binaryPath} placeholder={`${fields.kind} from PATH`} spellCheck={false} onChange={set('binaryPath')} {...invalidProps('profile-binaryPath', errors.binaryPath)} />
        </FormField>
      )}
      <FormField label="Working directory" htmlFor="profile-cwd" error={errors.cwd}>
        <input id="profile-cwd" data-testid="profile-cwd" value={fields.cwd} placeholder="Orrery's own" spellCheck={false} onChange={set('cwd')} {...invalidProps('profile-cwd', errors.cwd)} />
      </FormField>
      <FormField label="Model" htmlFor="profile-model" error={errors.model}>
        <input id="profile-model" data-testid="profile-model" value={fields.model} placeholder="the CLI's default" spellCheck={false} onChange={set('model')} {...invalidProps('profile-model', errors.model)} />
      </FormField>
      <FormField label="Environment" htmlFor="profile-env" error={errors.env} group>
        <EnvEditor labelledBy="profile-env-label" rows={fields.env} onChange={(env) => setFields((current) => ({ ...current, env }))} />
      </FormField>
      <div className="control-row">
        <button type="submit" data-testid="profile-save" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" data-testid="profile-discard" onClick={() => onDone(undefined)}>
          Discard
        </button>
      </div>
      {hostError !== undefined && (
        <p className="control-error" role="alert" data-testid="profile-error">
          {hostError}
        </p>
      )}
    </form>
  );
}
