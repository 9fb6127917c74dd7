import { useEffect, useRef, useState } from 'react';
import type { WorkflowEntry, WorkflowRunDetail, WorkflowRunInfo } from '../../../src-shared/workflows/workflows-contract';
import { useApi } from '../api/api-context';
import { errorMessage } from '../runs/form-check';
import { useProfiles } from '../runs/profiles-store';
import { submitHandlers } from '../runs/submit-chord';
import { useConfirmTwice } from '../runs/use-confirm-twice';
import { useConnectionStore } from '../state/connection-store';
import { catalogRows, SOURCE_LABEL } from '../workflows/workflow-catalog-rows';
import type { CatalogRow } from '../workflows/workflow-catalog-rows';
import { runSummary } from '../workflows/workflow-progress-model';
import { openWorkflowProgress, useWorkflowProgressStore } from '../workflows/workflow-progress-store';
import { WorkflowProgressHost } from '../workflows/workflow-progress-panel';
import { recentRuns, rememberWorkflowRun, useWorkflowRunsFeed, useWorkflowRunsStore } from '../workflows/workflow-runs-store';
import { startRequestFrom } from '../workflows/start-form-model';
import type { StartField, StartFields } from '../workflows/start-form-model';
import { FormField, invalidProps } from './form-field';
import { ProfileOptions } from './profile-options';
import { useCheckedSubmit } from './use-checked-submit';
import './controls.css';
import './workflows-control.css';

const FIELDS: readonly StartField[] = ['workflow', 'args', 'profileId', 'budgetTokens', 'cwd'];
/** The host's names for the form's fields, where they differ. */
const HOST_ALIASES = { nameOrPath: 'workflow' } as const;
const DEFAULT_PROFILE = 'claude';
/** Typing a directory reads its workflows once the typing pauses. */
const CWD_SETTLE_MS = 400;

interface Catalog {
  entries: readonly WorkflowEntry[] | undefined;
  error: string | undefined;
  reload: () => void;
}

/** `workflows.list` for a working directory (blank: Orrery's own), read again once its typing settles, on Reload and on every (re)connect. */
function useCatalog(cwd: string): Catalog {
  const api = useApi();
  const connected = useConnectionStore((s) => s.status === 'connected');
  const [reads, setReads] = useState(0);
  const [settledCwd, setSettledCwd] = useState(cwd);
  const [view, setView] = useState<{ entries: readonly WorkflowEntry[] | undefined; error: string | undefined }>({ entries: undefined, error: undefined });
  useEffect(() => {
    const timer = setTimeout(() => setSettledCwd(cwd.trim()), CWD_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [cwd]);
  useEffect(() => {
    if (!connected) return;
    let current = true;
    api.call('workflows.list', settledCwd === '' ? {} : { cwd: settledCwd }).then(
      (entries) => current && setView({ entries, error: undefined }),
      // A directory that is not there has no workflows: the list empties and the reason shows.
      (error: unknown) => current && setView({ entries: [], error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, connected, settledCwd, reads]);
  return { ...view, reload: () => setReads((n) => n + 1) };
}

/**
 * Controls → Workflows: the workflow scripts the host found (broken and shadowed ones too, each
 * saying why), a form to start one, and the recent runs. A run goes on in the host: the window
 * only follows it, in the progress panel.
 */
export function WorkflowsControl() {
  const api = useApi();
  useWorkflowRunsFeed();
  const connected = useConnectionStore((s) => s.status === 'connected');
  const { profiles, error: profilesError } = useProfiles();
  const [fields, setFields] = useState<Omit<StartFields, 'workflow'>>({ args: '', profileId: '', budgetTokens: '', cwd: '' });
  const [chosenPath, setChosenPath] = useState<string>();
  const catalog = useCatalog(fields.cwd);
  const { errors, hostError, busy, submit } = useCheckedSubmit(FIELDS, HOST_ALIASES);
  const [started, setStarted] = useState<WorkflowRunInfo>();
  const argsInput = useRef<HTMLTextAreaElement>(null);

  const rows = catalogRows(catalog.entries ?? []);
  const chosen = rows.find((row) => row.key === chosenPath);
  const profileId = profiles?.some((p) => p.id === fields.profileId) ? fields.profileId : (profiles?.find((p) => p.id === DEFAULT_PROFILE) ?? profiles?.[0])?.id ?? '';

  const set = (field: keyof typeof fields) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFields((current) => ({ ...current, [field]: value }));
  };

  async function start(): Promise<void> {
    const check = startRequestFrom({ ...fields, profileId, workflow: chosen?.runnable === true ? chosen.startAs : '' });
    if (!check.ok && chosen?.problem !== undefined) check.errors.workflow = `${chosen.entry.name} cannot run: ${chosen.problem}`;
    if (!check.ok && check.argsProblem !== undefined) {
      const { offset } = check.argsProblem;
      argsInput.current?.focus();
      argsInput.current?.setSelectionRange(offset, offset + 1);
    }
    await submit(check, async (request) => {
      const run = await api.call('workflows.start', request);
      rememberWorkflowRun(run);
      setStarted(run);
      openWorkflowProgress(run.id);
    });
  }

  const { onSubmit, onKeyDown } = submitHandlers(start);

  return (
    <section className="control-section workflows-control" aria-label="Workflows" data-testid="workflows-control">
      <h2>Workflows</h2>
      <form className="control-form" data-testid="workflow-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
        <FormField label="Working directory" htmlFor="workflow-cwd" error={errors.cwd} hint="Where project workflows are found and the agents work.">
          <div className="control-row">
            <input id="workflow-cwd" data-testid="workflow-cwd" placeholder="Orrery's own" value={fields.cwd} onChange={set('cwd')} {...invalidProps('workflow-cwd', errors.cwd)} />
            <button type="button" data-testid="workflow-reload" title="Read the workflow files again" onClick={catalog.reload}>
              Reload
            </button>
          </div>
        </FormField>
        {catalog.error !== undefined && (
          <p className="control-error" role="alert" data-testid="workflow-catalog-error">
            {catalog.error}
          </p>
        )}
        <FormField label="Workflow" htmlFor="workflow-list" error={errors.workflow} group>
          <ul className="workflow-list" id="workflow-list" aria-labelledby="workflow-list-label" data-testid="workflow-list">
            {catalog.entries === undefined && <li className="muted">Loading…</li>}
            {rows.map((row) => (
              <CatalogItem key={row.key} row={row} chosen={row.key === chosen?.key} onChoose={() => setChosenPath(row.key)} />
            ))}
          </ul>
        </FormField>
        {chosen !== undefined && <ChosenWorkflow row={chosen} />}
        <FormField label="args (JSON, optional)" htmlFor="workflow-args" error={errors.args}>
          <textarea
            ref={argsInput}
            id="workflow-args"
            data-testid="workflow-args"
            rows={3}
            spellCheck={false}
            placeholder='e.g. { "dimensions": ["bugs", "tests"] } (Ctrl/Cmd+Enter runs it)'
            value={fields.args}
            onChange={set('args')}
            {...invalidProps('workflow-args', errors.args)}
          />
        </FormField>
        <div className="control-form-pair">
          <FormField label="Agent profile" htmlFor="workflow-profileId" error={errors.profileId ?? profilesError}>
            <select id="workflow-profileId" data-testid="workflow-profile" value={profileId} onChange={set('profileId')} {...invalidProps('workflow-profileId', errors.profileId)}>
              <ProfileOptions profiles={profiles} />
            </select>
          </FormField>
          <FormField label="Token budget (output)" htmlFor="workflow-budgetTokens" error={errors.budgetTokens}>
            <input id="workflow-budgetTokens" data-testid="workflow-budget" inputMode="numeric" placeholder="no limit" value={fields.budgetTokens} onChange={set('budgetTokens')} {...invalidProps('workflow-budgetTokens', errors.budgetTokens)} />
          </FormField>
        </div>
        <div className="control-row">
          <button type="submit" data-testid="workflow-start" disabled={busy || !connected || chosen?.runnable !== true} title={chosen?.runnable === false ? 'This file cannot run: see its problem above.' : 'Ctrl/Cmd+Enter'}>
            {busy ? 'Starting…' : 'Run'}
          </button>
          {started !== undefined && (
            <span className="control-note" role="status" data-testid="workflow-started">
              Started {started.name} as run {started.id}; it goes on in the background.
            </span>
          )}
        </div>
        {hostError !== undefined && (
          <p className="control-error" role="alert" data-testid="workflow-start-error">
            {hostError}
          </p>
        )}
      </form>
      <RecentRuns />
    </section>
  );
}

function CatalogItem({ row, chosen, onChoose }: { row: CatalogRow; chosen: boolean; onChoose: () => void }) {
  const { entry } = row;
  return (
    <li data-testid="workflow-entry" data-name={entry.name} data-path={entry.path} data-runnable={row.runnable}>
      <button type="button" className={chosen ? 'workflow-entry workflow-entry-chosen' : 'workflow-entry'} aria-pressed={chosen} data-testid="workflow-choose" onClick={onChoose}>
        <span className="workflow-entry-name">{entry.name}</span> <span className="muted workflow-entry-source">{SOURCE_LABEL[entry.sourceKind]}</span>
      </button>
      {entry.description !== undefined && !chosen && <p className="workflow-entry-line muted">{entry.description}</p>}
      {row.problem !== undefined && (
        <p className="workflow-entry-line control-error" data-testid="workflow-entry-problem">
          {row.problem}
        </p>
      )}
      {row.clash !== undefined && (
        <p className="workflow-entry-line workflow-entry-clash" data-testid="workflow-entry-clash">
          {row.clash}
        </p>
      )}
    </li>
  );
}

function ChosenWorkflow({ row }: { row: CatalogRow }) {
  const { entry } = row;
  return (
    <div className="workflow-chosen" data-testid="workflow-chosen">
      {entry.description !== undefined && <p className="workflow-chosen-line">{entry.description}</p>}
      {entry.whenToUse !== undefined && (
        <p className="workflow-chosen-line muted">
          <strong>When to use:</strong> {entry.whenToUse}
        </p>
      )}
      {entry.phases.length > 0 && (
        <ol className="workflow-chosen-phases" data-testid="workflow-chosen-phases">
          {entry.phases.map((phase) => (
            <li key={phase.title}>
              <strong>{phase.title}</strong>
              {phase.detail !== undefined && <span className="muted"> — {phase.detail}</span>}
            </li>
          ))}
        </ol>
      )}
      <p className="workflow-chosen-line muted" title={entry.path}>
        {entry.path}
      </p>
    </div>
  );
}

function RecentRuns() {
  const runs = recentRuns(useWorkflowRunsStore((s) => s.runs));
  const error = useWorkflowRunsStore((s) => s.error);
  const open = useWorkflowProgressStore((s) => s.runId);
  if (runs.length === 0 && error === undefined) return null;
  return (
    <>
      <h3 className="workflow-runs-title">Runs</h3>
      {error !== undefined && <p className="control-error">{error}</p>}
      <ul className="workflow-runs" data-testid="workflow-runs">
        {runs.map((run) => {
          const summary = runSummary(run);
          return (
            <li key={run.id} data-testid="workflow-run" data-run-id={run.id} data-state={run.state}>
              <button type="button" className="workflow-run-open" aria-pressed={open === run.id} title="Show its progress" onClick={() => openWorkflowProgress(run.id)}>
                {run.name}
              </button>
              <span className="workflow-run-state" style={{ color: summary.colour }}>
                {summary.state}
              </span>
              <span className="muted">{summary.cached ?? summary.calls}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

type RunAction = 'cancel' | 'resume';

/** Cancel (asks for a second press, or Enter, inside the panel) and Resume, for the run in the progress panel. */
function WorkflowRunActions({ run }: { run: WorkflowRunDetail }) {
  const api = useApi();
  const confirm = useConfirmTwice<'cancel'>();
  const [busy, setBusy] = useState<RunAction>();
  const [budget, setBudget] = useState('');
  const [report, setReport] = useState<{ text: string; error: boolean }>();
  const summary = runSummary(run);
  const armed = confirm.armed === 'cancel';

  async function act(action: RunAction): Promise<void> {
    let budgetTokens: number | undefined;
    if (action === 'resume' && budget.trim() !== '') {
      budgetTokens = /^\d+$/.test(budget.trim()) ? Number(budget.trim()) : undefined;
      if (budgetTokens === undefined || budgetTokens < 1) return setReport({ text: 'The new budget is a whole number of output tokens above 0; leave it blank to keep the old one.', error: true });
    }
    setBusy(action);
    setReport(undefined);
    try {
      const after =
        action === 'cancel'
          ? await api.call('workflows.cancel', { runId: run.id })
          : await api.call('workflows.resume', { runId: run.id, ...(budgetTokens !== undefined && { budgetTokens }) });
      setReport({ text: action === 'cancel' ? `Cancelled after ${after.totalCalls} agent() calls.` : `Resumed (attempt ${after.attempts}): the unchanged calls come from the journal.`, error: false });
    } catch (error) {
      setReport({ text: errorMessage(error), error: true });
    } finally {
      setBusy(undefined);
    }
  }

  const cancelReason = summary.canCancel ? undefined : run.state === 'cancelling' ? 'It is being cancelled.' : 'It has already ended.';
  return (
    <div className="workflow-actions" data-testid="workflow-actions">
      <div className="workflow-action">
        <button
          type="button"
          data-testid="workflow-cancel"
          data-armed={armed}
          className={armed ? 'button-armed' : undefined}
          disabled={busy !== undefined || cancelReason !== undefined}
          onClick={() => {
            if (confirm.press('cancel')) void act('cancel');
          }}
        >
          {busy === 'cancel' ? 'Cancelling…' : armed ? 'Confirm cancel' : 'Cancel run'}
        </button>
        {armed && <span className="workflow-confirm-hint">Click again or press Enter to confirm.</span>}
        {cancelReason !== undefined && busy !== 'cancel' && <span className="muted workflow-action-reason">{cancelReason}</span>}
      </div>
      <div className="workflow-action">
        <button type="button" data-testid="workflow-resume" disabled={busy !== undefined || summary.resumeBlocked !== undefined} onClick={() => void act('resume')}>
          {busy === 'resume' ? 'Resuming…' : 'Resume'}
        </button>
        {summary.resumeBlocked === undefined ? (
          run.budgetTokens !== null && (
            <input className="workflow-resume-budget" aria-label="New token budget" data-testid="workflow-resume-budget" inputMode="numeric" placeholder={`budget ${run.budgetTokens}`} value={budget} onChange={(event) => setBudget(event.currentTarget.value)} />
          )
        ) : (
          <span className="muted workflow-action-reason" data-testid="workflow-resume-reason">
            {summary.resumeBlocked}
          </span>
        )}
      </div>
      {report !== undefined && (
        <p className={report.error ? 'control-error' : 'control-note'} role={report.error ? 'alert' : 'status'} data-testid="workflow-action-report">
          {report.text}
        </p>
      )}
    </div>
  );
}

/** The progress panel with its Cancel and Resume; the shell mounts it once, beside the agent card. */
export function WorkflowProgress() {
  return <WorkflowProgressHost renderActions={(run) => <WorkflowRunActions run={run} />} />;
}
