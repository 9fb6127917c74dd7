import { useState } from 'react';
import type { Profile } from '../../../src-shared/runs/runs-contract';
import { useApi } from '../api/api-context';
import { errorMessage } from '../runs/form-check';
import { fieldsFromProfile, newCommandProfileFields } from '../runs/profile-form-model';
import type { ProfileFields } from '../runs/profile-form-model';
import { deleteProfile, useProfiles } from '../runs/profiles-store';
import { useConfirmTwice } from '../runs/use-confirm-twice';
import { ProfileEditor } from './profile-editor';
import './controls.css';

interface Editing {
  fields: ProfileFields;
  isNew: boolean;
}

/** The host's profiles: built-ins to adjust (binary, env, model) and command profiles to add or remove. */
export function ProfilesControl() {
  const api = useApi();
  const { profiles, error } = useProfiles();
  const [editing, setEditing] = useState<Editing>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const confirm = useConfirmTwice<string>();

  async function remove(profile: Profile): Promise<void> {
    if (!confirm.press(profile.id)) return;
    try {
      await deleteProfile(api, profile.id);
      setMessage({ text: `Deleted ${profile.name}.`, error: false });
    } catch (failure) {
      setMessage({ text: errorMessage(failure), error: true });
    }
  }

  const done = (saved: Profile | undefined): void => {
    setEditing(undefined);
    if (saved !== undefined) setMessage({ text: `Saved ${saved.name}.`, error: false });
  };

  return (
    <section className="control-section" aria-label="Profiles">
      <h2>Profiles</h2>
      {error !== undefined && <p className="control-error" role="alert">{error}</p>}
      <ul className="profile-list" data-testid="profile-list">
        {profiles?.map((profile) => {
          const armed = confirm.armed === profile.id;
          return (
            <li key={profile.id} data-testid="profile-item" data-profile-id={profile.id}>
              <span className="profile-name">{profile.name}</span> <span className="profile-kind muted">{profile.builtIn ? `built-in ${profile.kind}` : profile.kind}</span>
              {Object.keys(profile.env).length > 0 && <span className="muted"> · {Object.keys(profile.env).length} env</span>}
              <span className="profile-actions">
                <button type="button" data-testid="profile-edit" onClick={() => setEditing({ fields: fieldsFromProfile(profile), isNew: false })}>
                  Edit
                </button>
                <button
                  type="button"
                  data-testid="profile-delete"
                  className={armed ? 'button-armed' : undefined}
                  disabled={profile.builtIn}
                  title={profile.builtIn ? 'Built-in profiles cannot be deleted; edit them instead.' : armed ? 'Click again to delete' : undefined}
                  onClick={() => void remove(profile)}
                >
                  {armed ? 'Confirm delete' : 'Delete'}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {editing === undefined ? (
        <button type="button" data-testid="profile-new" onClick={() => setEditing({ fields: newCommandProfileFields(), isNew: true })}>
          + Command profile
        </button>
      ) : (
        <ProfileEditor
          key={editing.isNew ? 'new' : editing.fields.id}
          initial={editing.fields}
          isNew={editing.isNew}
          takenIds={new Set(profiles?.map((p) => p.id))}
          onDone={done}
        />
      )}
      {message !== undefined && (
        <p className={message.error ? 'control-error' : 'control-note'} role={message.error ? 'alert' : 'status'} data-testid="profiles-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
