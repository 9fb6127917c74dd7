import { useLayoutEffect, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { WorkflowAgentInfo, WorkflowLogLine, WorkflowRunDetail } from '../../../src-shared/workflows/workflows-contract';
import { formatClock, formatCount, formatDuration } from '../agents/format';
import { useNow } from '../agents/use-now';
import { openAgentCard } from '../state/agent-card-store';
import { JsonTreeView } from './json-tree-view';
import { SOURCE_LABEL } from './workflow-catalog-rows';
import { agentDurationMs, agentTitle, errorPlace, isEndedCall, phaseGroups, runSummary } from './workflow-progress-model';
import type { PhaseGroup } from './workflow-progress-model';
import { closeWorkflowProgress, useWorkflowDetail, useWorkflowProgressStore } from './workflow-progress-store';
// Mounting the panel also gives the workflow's node in the graph its "Show progress" card button.
import './workflow-card-actions';
import './workflows.css';

export interface WorkflowProgressHostProps {
  /** Cancel and Resume, drawn under the run's facts. */
  renderActions: (run: WorkflowRunDetail) => ReactNode;
}

/** The open progress panel, if any: from the Workflows panel, or "Show progress" on the workflow node's card. */
export function WorkflowProgressHost({ renderActions }: WorkflowProgressHostProps) {
  const runId = useWorkflowProgressStore((s) => s.runId);
  return runId === undefined ? null : <WorkflowProgressPanel key={runId} runId={runId} renderActions={renderActions} />;
}

/** One workflow run as it goes: its phases and their agents, its log, its result or its error. Escape closes it. */
function WorkflowProgressPanel({ runId, renderActions }: { runId: string } & WorkflowProgressHostProps) {
  const panel = useRef<HTMLElement>(null);
  const { detail, error } = useWorkflowDetail(runId);
  const now = useNow();

  useLayoutEffect(() => {
    const element = panel.current;
    const before = document.activeElement;
    element?.focus();
    return () => {
      const inPanel = document.activeElement === document.body || element?.contains(document.activeElement) === true;
      if (inPanel && before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    closeWorkflowProgress();
  };

  const summary = detail === undefined ? undefined : runSummary(detail);
  return (
    <section ref={panel} className="workflow-progress" role="dialog" aria-label={`Workflow ${detail?.name ?? runId}`} data-testid="workflow-progress" data-run-id={runId} data-state={detail?.state} data-outcome={detail?.outcome} tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="workflow-progress-header">
        <h2 data-testid="workflow-progress-name">{detail?.name ?? runId}</h2>
        {summary !== undefined && (
          <span className="workflow-state" style={{ color: summary.colour }} data-testid="workflow-progress-state">
            {summary.state}
          </span>
        )}
        <button type="button" className="workflow-progress-close" aria-label="Close the progress panel (Escape)" data-testid="workflow-progress-close" onClick={closeWorkflowProgress}>
          ×
        </button>
      </header>
      {detail === undefined || summary === undefined ? (
        <p className="muted">{error ?? 'Loading…'}</p>
      ) : (
        <>
          <dl className="workflow-facts">
            <dt>run</dt>
            <dd>
              {detail.id} · attempt {detail.attempts}
            </dd>
            <dt>agents</dt>
            <dd data-testid="workflow-progress-calls">
              {summary.calls}
              {summary.cached !== undefined && (
                <>
                  {' · '}
                  <span className="workflow-cached" data-testid="workflow-progress-cached">
                    {summary.cached}
                  </span>
                </>
              )}
            </dd>
            <dt>tokens</dt>
            <dd data-testid="workflow-progress-tokens">
              {formatCount(detail.spentTokens)} out{detail.budgetTokens === null ? '' : ` of ${formatCount(detail.budgetTokens)}`}
            </dd>
            <dt>time</dt>
            <dd>{formatDuration((detail.endedAt ?? now) - detail.startedAt)}</dd>
            <dt>profile</dt>
            <dd>{detail.profileId}</dd>
            <dt>directory</dt>
            <dd>{detail.cwd}</dd>
            <dt>script</dt>
            <dd title={detail.scriptPath}>
              {detail.scriptPath} ({SOURCE_LABEL[detail.sourceKind]})
            </dd>
          </dl>
          {detail.error !== undefined && (
            <p className="control-error workflow-error" role="alert" data-testid="workflow-progress-error">
              {detail.error.message}
              {errorPlace(detail) !== undefined && <span className="workflow-error-place"> — {errorPlace(detail)}</span>}
            </p>
          )}
          {error !== undefined && <p className="control-error">{error}</p>}
          {renderActions(detail)}
          <h3>Phases</h3>
          <ol className="workflow-phases" data-testid="workflow-phases">
            {phaseGroups(detail).map((group) => (
              <PhaseItem key={group.title} group={group} now={now} />
            ))}
          </ol>
          {detail.log.length > 0 && <LogLines lines={detail.log} />}
          {detail.result !== undefined && (
            <>
              <h3>Result</h3>
              <JsonTreeView value={detail.result} testId="workflow-result" />
            </>
          )}
        </>
      )}
    </section>
  );
}

function PhaseItem({ group, now }: { group: PhaseGroup; now: number }) {
  return (
    <li className={group.current ? 'workflow-phase workflow-phase-current' : 'workflow-phase'} data-testid="workflow-phase" data-title={group.title} data-current={group.current}>
      <div className="workflow-phase-head">
        <span className="workflow-phase-title">{group.title === '' ? '(outside any phase)' : group.title}</span>
        <span className="muted" data-testid="workflow-phase-count">
          {group.ended} / {group.agents.length} ended
        </span>
      </div>
      {group.detail !== undefined && <p className="workflow-phase-detail muted">{group.detail}</p>}
      {group.agents.length > 0 && (
        <ul className="workflow-agents">
          {group.agents.map((agent) => (
            <AgentItem key={agent.position} agent={agent} now={now} />
          ))}
        </ul>
      )}
    </li>
  );
}

function AgentItem({ agent, now }: { agent: WorkflowAgentInfo; now: number }) {
  const duration = agentDurationMs(agent, now);
  const title = agentTitle(agent);
  const { agentId } = agent;
  return (
    <li className="workflow-agent" data-testid="workflow-agent" data-position={agent.position} data-state={agent.state} data-cached={agent.cached}>
      {agentId === undefined ? (
        <span className="workflow-agent-label">{title}</span>
      ) : (
        <button type="button" className="link-button workflow-agent-label" title="Open its card" onClick={() => openAgentCard(agentId)}>
          {title}
        </button>
      )}
      <span className={`workflow-agent-state workflow-call-${agent.state}`}>{agent.state}</span>
      {agent.cached && (
        <span className="workflow-cached-mark" title="Its result came from the journal: no agent ran" data-testid="workflow-agent-cached">
          cached
        </span>
      )}
      <span className="muted">{duration === undefined ? '' : formatDuration(duration)}</span>
      <span className="muted">{agent.tokensOut > 0 || isEndedCall(agent.state) ? `${formatCount(agent.tokensOut)} tok` : ''}</span>
      {agent.error !== undefined && <span className="workflow-agent-error control-error">{agent.error}</span>}
    </li>
  );
}

function LogLines({ lines }: { lines: readonly WorkflowLogLine[] }) {
  return (
    <>
      <h3>Log</h3>
      <ol className="workflow-log" data-testid="workflow-log">
        {lines.map((line) => (
          <li key={line.seq} className={`workflow-log-${line.level}`}>
            <span className="muted">{formatClock(line.ts)}</span> {line.message}
          </li>
        ))}
      </ol>
    </>
  );
}
