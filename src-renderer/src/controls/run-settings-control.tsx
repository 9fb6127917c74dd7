import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { BudgetStatus } from '../../../src-shared/runs/runs-contract';
import { useApi } from '../api/api-context';
import { formatCost } from '../agents/format';
import { errorMessage } from '../runs/form-check';
import { rereadBudget, useRunsFeed } from '../state/runs-feed';
import { useRunsStore } from '../state/runs-store';
import { fieldsFromSettings, settingsFrom } from '../runs/settings-form-model';
import type { SettingsField, SettingsFields } from '../runs/settings-form-model';
import { useConnectionStore } from '../state/connection-store';
import { FormField, invalidProps } from './form-field';
import { useCheckedSubmit } from './use-checked-submit';
import './controls.css';

const FIELDS: readonly SettingsField[] = ['maxConcurrent', 'monthlyBudgetUsd', 'cancelGraceSeconds'];
const HOST_ALIASES: Readonly<Record<string, SettingsField>> = { cancelGraceMs: 'cancelGraceSeconds' };

/** How many runs at once, the monthly budget and the cancel grace, with this month's spend. */
export function RunSettingsControl() {
  const api = useApi();
  useRunsFeed();
  const connected = useConnectionStore((s) => s.status === 'connected');
  const budget = useRunsStore((s) => s.budget);
  const [fields, setFields] = useState<SettingsFields>();
  const { errors, hostError, busy, submit } = useCheckedSubmit(FIELDS, HOST_ALIASES);
  const [loadError, setLoadError] = useState<string>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!connected) return;
    api.call('runs.settings', {}).then(
      (settings) => setFields(fieldsFromSettings(settings)),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, [api, connected]);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (fields === undefined) return;
    setSaved(false);
    const sent = await submit(settingsFrom(fields), async (settings) => setFields(fieldsFromSettings(await api.call('runs.updateSettings', settings))));
    setSaved(sent);
    if (sent) void rereadBudget(api);
  }

  const set = (field: SettingsField) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setSaved(false);
    setFields((current) => current && { ...current, [field]: value });
  };

  return (
    <section className="control-section" aria-label="Run settings">
      <h2>Run settings</h2>
      {budget !== undefined && <BudgetLine budget={budget} />}
      {fields === undefined ? (
        loadError === undefined && <p className="muted">{connected ? 'Loading…' : 'Waiting for the host…'}</p>
      ) : (
        <form className="control-form" data-testid="run-settings" onSubmit={(event) => void save(event)} noValidate>
          <FormField label="Runs at once" htmlFor="settings-maxConcurrent" error={errors.maxConcurrent} hint="More runs wait in the queue, in order.">
            <input id="settings-maxConcurrent" data-testid="settings-max-concurrent" inputMode="numeric" value={fields.maxConcurrent} onChange={set('maxConcurrent')} {...invalidProps('settings-maxConcurrent', errors.maxConcurrent)} />
          </FormField>
          <FormField label="Monthly budget (USD)" htmlFor="settings-monthlyBudgetUsd" error={errors.monthlyBudgetUsd} hint="Blank: no budget.">
            <input id="settings-monthlyBudgetUsd" data-testid="settings-budget" inputMode="decimal" placeholder="no budget" value={fields.monthlyBudgetUsd} onChange={set('monthlyBudgetUsd')} {...invalidProps('settings-monthlyBudgetUsd', errors.monthlyBudgetUsd)} />
          </FormField>
          <FormField label="Cancel grace (s)" htmlFor="settings-cancelGraceSeconds" error={errors.cancelGraceSeconds} hint="Between interrupt, terminate and kill when cancelling.">
            <input id="settings-cancelGraceSeconds" data-testid="settings-grace" inputMode="decimal" value={fields.cancelGraceSeconds} onChange={set('cancelGraceSeconds')} {...invalidProps('settings-cancelGraceSeconds', errors.cancelGraceSeconds)} />
          </FormField>
          <button type="submit" data-testid="settings-save" disabled={busy || !connected}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </form>
      )}
      {(hostError ?? loadError) !== undefined && (
        <p className="control-error" role="alert" data-testid="settings-error">
          {hostError ?? loadError}
        </p>
      )}
      {saved && (
        <p className="control-note" role="status" data-testid="settings-saved">
          Saved.
        </p>
      )}
    </section>
  );
}

function BudgetLine({ budget }: { budget: BudgetStatus }) {
  const limit = budget.monthlyBudgetUsd === null ? 'no budget set' : `of ${formatCost(budget.monthlyBudgetUsd)}`;
  return (
    <p className={`control-note budget-line budget-${budget.level}`} data-testid="budget-line">
      {budget.month}: {formatCost(budget.spentUsd)} spent, {limit}
    </p>
  );
}
