import { useRef, useState } from 'react';
import type { Profile, RunInfo } from '../../../src-shared/runs/runs-contract';
import { useApi } from '../api/api-context';
import { EMPTY_LAUNCH_FIELDS, launchRequestFrom } from '../runs/launch-form-model';
import type { LaunchField, LaunchFields } from '../runs/launch-form-model';
import { useProfiles } from '../runs/profiles-store';
import { runStateLabel } from '../state/run-state-label';
import { useRunsFeed } from '../state/runs-feed';
import { useRunsStore } from '../state/runs-store';
import { submitHandlers } from '../runs/submit-chord';
import { focusRunTranscript } from '../runs/transcript-focus';
import { useConnectionStore } from '../state/connection-store';
import { FormField, invalidProps } from './form-field';
import { ProfileOptions } from './profile-options';
import { useCheckedSubmit } from './use-checked-submit';
import './controls.css';

const FIELDS: readonly LaunchField[] = ['profileId', 'prompt', 'cwd', 'model', 'maxCostUsd', 'maxTurns'];

/**
 * Launches an agent with a profile. The run shows up by itself (node, row, transcript tab: the
 * host creates them); the form only brings the transcript tab forward and shows what went wrong.
 */
export function RunAgentForm() {
  const api = useApi();
  useRunsFeed();
  const connected = useConnectionStore((s) => s.status === 'connected');
  const { profiles, error: profilesError } = useProfiles();
  const [fields, setFields] = useState<LaunchFields>(EMPTY_LAUNCH_FIELDS);
  const { errors, hostError, busy, submit } = useCheckedSubmit(FIELDS);
  const [launched, setLaunched] = useState<RunInfo>();
  const form = useRef<HTMLFormElement>(null);
  // A profile deleted meanwhile falls back to the first one rather than to nothing.
  const profile = profiles?.find((p) => p.id === fields.profileId) ?? profiles?.[0];
  // The launch answer is the run as it was queued; the stream keeps it current after that.
  const launchedRun = useRunsStore((s) => (launched === undefined ? undefined : s.runs.get(launched.id))) ?? launched;

  const set = (field: LaunchField) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFields((current) => ({ ...current, [field]: value }));
  };

  async function launch(): Promise<void> {
    const check = launchRequestFrom({ ...fields, profileId: profile?.id ?? '' });
    if (!check.ok) {
      const first = FIELDS.find((field) => check.errors[field] !== undefined);
      if (first !== undefined) form.current?.querySelector<HTMLElement>(`#run-${first}`)?.focus();
    }
    await submit(check, async (request) => {
      const run = await api.call('runs.launch', request);
      setLaunched(run);
      setFields((current) => ({ ...current, prompt: '' }));
      focusRunTranscript(run);
    });
  }

  const { onSubmit, onKeyDown } = submitHandlers(launch);

  return (
    <section className="control-section run-agent" aria-label="Run agent">
      <h2>Run agent</h2>
      <form ref={form} className="control-form" data-testid="run-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
        <FormField label="Profile" htmlFor="run-profileId" error={errors.profileId ?? profilesError} hint={profile && profileSummary(profile)}>
          <select id="run-profileId" data-testid="run-profile" value={profile?.id ?? ''} onChange={set('profileId')} {...invalidProps('run-profileId', errors.profileId)}>
            <ProfileOptions profiles={profiles} />
          </select>
        </FormField>
        <FormField label="Prompt" htmlFor="run-prompt" error={errors.prompt}>
          <textarea id="run-prompt" data-testid="run-prompt" rows={4} placeholder="What should the agent do? (Ctrl/Cmd+Enter runs it)" value={fields.prompt} onChange={set('prompt')} {...invalidProps('run-prompt', errors.prompt)} />
        </FormField>
        <FormField label="Working directory" htmlFor="run-cwd" error={errors.cwd}>
          <input id="run-cwd" data-testid="run-cwd" placeholder={profile?.cwd ?? "the profile's, else Orrery's own"} value={fields.cwd} onChange={set('cwd')} {...invalidProps('run-cwd', errors.cwd)} />
        </FormField>
        <FormField label="Model" htmlFor="run-model" error={errors.model}>
          <input id="run-model" data-testid="run-model" placeholder={profile?.model ?? "the CLI's default"} value={fields.model} onChange={set('model')} {...invalidProps('run-model', errors.model)} />
        </FormField>
        <div className="control-form-pair">
          <FormField label="Max cost (USD)" htmlFor="run-maxCostUsd" error={errors.maxCostUsd}>
            <input id="run-maxCostUsd" data-testid="run-max-cost" inputMode="decimal" placeholder="no limit" value={fields.maxCostUsd} onChange={set('maxCostUsd')} {...invalidProps('run-maxCostUsd', errors.maxCostUsd)} />
          </FormField>
          <FormField label="Max turns" htmlFor="run-maxTurns" error={errors.maxTurns}>
            <input id="run-maxTurns" data-testid="run-max-turns" inputMode="numeric" placeholder="no limit" value={fields.maxTurns} onChange={set('maxTurns')} {...invalidProps('run-maxTurns', errors.maxTurns)} />
          </FormField>
        </div>
        <div className="control-row">
          <button type="submit" data-testid="run-launch" disabled={busy || !connected} title="Ctrl/Cmd+Enter">
            {busy ? 'Launching…' : 'Run'}
          </button>
          {launchedRun !== undefined && <LaunchedNote run={launchedRun} />}
        </div>
        {hostError !== undefined && (
          <p className="control-error" role="alert" data-testid="run-error">
            {hostError}
          </p>
        )}
      </form>
    </section>
  );
}

function LaunchedNote({ run }: { run: RunInfo }) {
  const state = runStateLabel(run);
  return (
    <span className="control-note" data-testid="run-launched" role="status">
      {run.agentId}: <span style={{ color: state.colour }}>{state.text}</span>
      {run.reason !== undefined && ` — ${run.reason}`}
    </span>
  );
}

function profileSummary(profile: Profile): string {
  switch (profile.kind) {
    case 'command':
      return `Runs ${(profile.argv ?? []).join(' ')}`;
    case 'demo':
      return 'The scripted demo agent: no CLI or API key needed.';
    default:
      return `Runs ${profile.binaryPath ?? `${profile.kind} from PATH`}${profile.model === undefined ? '' : ` with ${profile.model}`}`;
  }
}
