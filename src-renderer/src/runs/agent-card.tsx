import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { RunInfo } from '../../../src-shared/runs/runs-contract';
import { useApi } from '../api/api-context';
import { closeAgentCard, openAgentCard, useAgentCardStore } from '../state/agent-card-store';
import { errorMessage } from './form-check';
import { runStateLabel } from '../state/run-state-label';
import { useRunsFeed } from '../state/runs-feed';
import { useRunsStore } from '../state/runs-store';
import { useFleetFeed } from '../agents/fleet-feed';
import { useFleetAgent } from '../agents/fleet-store';
import { AgentCardActions } from './agent-card-actions';
import type { CardAgent, CardReport } from '../state/agent-card-extensions';
import { AgentUsageFacts } from '../agents/agent-usage-facts';
import { modelColour } from '../agents/model-colour';
import { OUTCOME_COLOUR, STATUS_COLOUR } from '../state/status-colours';
import './agent-card.css';

/** The open agent card, if any: double-click a node or a row (or Enter on a row) to open one. */
export function AgentCardHost() {
  const agentId = useAgentCardStore((s) => s.agentId);
  return agentId === undefined ? null : <AgentCard key={agentId} agentId={agentId} />;
}

/**
 * One agent up close: what it is, what it used, the run behind it, and what can be done to it.
 * Escape closes it and gives the keyboard back to where it was.
 */
function AgentCard({ agentId }: { agentId: string }) {
  const card = useRef<HTMLElement>(null);
  const { agent, gone, error } = useCardAgent(agentId);
  const run = useCardRun(agent?.runId);
  const [report, setReport] = useState<CardReport>();

  useLayoutEffect(() => {
    const element = card.current;
    const before = document.activeElement;
    element?.focus();
    return () => {
      // Only when the keyboard was still in the card: a person who moved on keeps their place.
      const inCard = document.activeElement === document.body || element?.contains(document.activeElement) === true;
      if (inCard && before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    closeAgentCard();
  };

  const state = agent === undefined ? undefined : (agent.outcome ?? agent.status);
  const stateColour = agent === undefined ? undefined : agent.outcome !== undefined ? OUTCOME_COLOUR[agent.outcome] : STATUS_COLOUR[agent.status];
  const sessionId = agent?.sessionId ?? run.info?.sessionId;
  const detailEntries = Object.entries(agent?.details ?? {});

  return (
    <section ref={card} className="agent-card" role="dialog" aria-label={`Agent ${agent?.name ?? agentId}`} data-testid="agent-card" data-agent-id={agentId} tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="agent-card-header">
        <span className="agent-dot" style={{ background: modelColour(agent?.model) }} aria-hidden="true" />
        <h2 data-testid="agent-card-name">{agent?.name ?? agentId}</h2>
        {state !== undefined && (
          <span className="agent-card-state" style={{ color: stateColour }} data-testid="agent-card-state">
            {state}
          </span>
        )}
        <button type="button" className="agent-card-close" aria-label="Close the card (Escape)" data-testid="agent-card-close" onClick={closeAgentCard}>
          ×
        </button>
      </header>
      {agent === undefined ? (
        <p className="muted">{error ?? 'Loading…'}</p>
      ) : (
        <>
          {gone && <p className="muted agent-card-note">It has left the graph; this is how it was last seen.</p>}
          <dl className="agent-card-facts">
            <Fact label="profile" value={run.info === undefined ? undefined : `${run.info.profileId} (${run.info.profileKind})`} testId="agent-card-profile" />
            <Fact label="source" value={agent.source} />
            <Fact label="model" value={agent.model ?? run.info?.model} />
            <Fact label="directory" value={run.info?.cwd ?? stringDetail(agent.details.cwd)} testId="agent-card-cwd" />
            <Fact label="pid" value={agent.pid ?? run.info?.pid} testId="agent-card-pid" />
            <dt>session</dt>
            <dd className="agent-card-session">
              {sessionId === undefined ? '—' : <SessionId id={sessionId} />}
            </dd>
            <AgentUsageFacts agent={agent} runtimeMs={agent.runtimeMs} />
            <Fact label="error" value={agent.error} className="agent-card-error" />
          </dl>
          {agent.runId !== undefined && <RunFacts runId={agent.runId} info={run.info} error={run.error} />}
          {detailEntries.length > 0 && (
            <>
              <h3>Details</h3>
              <dl className="agent-card-facts" data-testid="agent-card-details">
                {detailEntries.map(([key, value]) => (
                  <Fact key={key} label={key} value={String(value)} />
                ))}
              </dl>
            </>
          )}
          <h3>Actions</h3>
          <AgentCardActions agent={agent} terminalId={agent.terminalId ?? run.info?.terminalId} runId={agent.runId} report={setReport} />
        </>
      )}
      {report !== undefined && <ReportLine report={report} agentId={agentId} />}
    </section>
  );
}

function RunFacts({ runId, info, error }: { runId: string; info: RunInfo | undefined; error: string | undefined }) {
  const label = info === undefined ? undefined : runStateLabel(info);
  return (
    <>
      <h3>Run</h3>
      {info === undefined ? (
        <p className="muted">{error ?? 'Loading…'}</p>
      ) : (
        <dl className="agent-card-facts" data-testid="agent-card-run">
          <Fact label="run" value={runId} />
          <dt>state</dt>
          <dd data-testid="agent-card-run-state" style={{ color: label?.colour }}>
            {info.state}
          </dd>
          <Fact label="outcome" value={info.outcome} testId="agent-card-run-outcome" />
          <Fact label="reason" value={info.reason} testId="agent-card-run-reason" />
          <Fact label="exit" value={info.signal ?? info.exitCode} />
          <Fact label="turns" value={info.turns} />
          <Fact label="resumed from" value={info.resumedFrom} />
          <Fact label="reset from" value={info.resetFrom} />
        </dl>
      )}
    </>
  );
}

function ReportLine({ report, agentId }: { report: CardReport; agentId: string }) {
  const other = report.run !== undefined && report.run.agentId !== agentId ? report.run : undefined;
  return (
    <p className={report.error ? 'control-error agent-card-report' : 'control-note agent-card-report'} role={report.error ? 'alert' : 'status'} data-testid="agent-card-report">
      {report.text}
      {other !== undefined && (
        <>
          {' '}
          <button type="button" className="link-button" data-testid="agent-card-open-new" onClick={() => openAgentCard(other.agentId)}>
            Show run {other.id}
          </button>
        </>
      )}
    </p>
  );
}

function Fact({ label, value, testId, className }: { label: string; value: string | number | undefined; testId?: string; className?: string }) {
  if (value === undefined) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId} className={className}>
        {value}
      </dd>
    </>
  );
}

function SessionId({ id }: { id: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  useEffect(() => {
    if (copied === undefined) return;
    const timer = setTimeout(() => setCopied(undefined), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = (): void => {
    navigator.clipboard.writeText(id).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <>
      <code data-testid="agent-card-session">{id}</code>{' '}
      <button type="button" className="link-button" data-testid="agent-card-copy-session" onClick={copy}>
        {copied === 'yes' ? 'Copied' : 'Copy'}
      </button>
      {copied === 'failed' && <span className="control-error"> The clipboard refused; select the id and copy it.</span>}
    </>
  );
}

function stringDetail(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The agent from the live model, re-read on every published change. Once it leaves the graph
 * (its linger ended) the card keeps the last picture; an agent the page never saw is read from
 * the host's store.
 */
function useCardAgent(agentId: string): { agent: CardAgent | undefined; gone: boolean; error: string | undefined } {
  const api = useApi();
  useFleetFeed();
  const record = useFleetAgent(agentId);
  const lastSeen = useRef<CardAgent | undefined>(undefined);
  const [stored, setStored] = useState<CardAgent>();
  const [error, setError] = useState<string>();
  if (record !== undefined) lastSeen.current = { ...record, outcome: 'outcome' in record ? record.outcome : undefined, error: 'error' in record ? record.error : undefined };
  const missing = record === undefined && lastSeen.current === undefined;

  useEffect(() => {
    if (!missing) return;
    let current = true;
    api.call('events.agent', { agentId, limit: 1 }).then(
      ({ agent }) => {
        if (!current) return;
        if (agent === undefined) setError('Orrery has no record of this agent.');
        else setStored({ ...agent, outcome: 'outcome' in agent ? agent.outcome : undefined, error: 'error' in agent ? agent.error : undefined });
      },
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, agentId, missing]);

  return { agent: lastSeen.current ?? stored, gone: record === undefined && lastSeen.current !== undefined, error };
}

/** The run behind the agent: the stream's copy when this page has one, else read once. */
function useCardRun(runId: string | undefined): { info: RunInfo | undefined; error: string | undefined } {
  const api = useApi();
  useRunsFeed();
  const streamed = useRunsStore((s) => (runId === undefined ? undefined : s.runs.get(runId)));
  const [fetched, setFetched] = useState<RunInfo>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (runId === undefined) return;
    let current = true;
    api.call('runs.get', { runId }).then(
      (info) => current && setFetched(info),
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, runId]);
  return { info: streamed ?? (fetched?.id === runId ? fetched : undefined), error };
}
