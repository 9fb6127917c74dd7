import { describe, expect, it } from 'vitest';
import { agentActions, runAgentId } from '../../../../src-shared/events/agent-actions';
import type { AgentActions } from '../../../../src-shared/events/agent-actions';
import { cardActionViews } from '../../../../src-renderer/src/runs/card-actions';
import type { CardActionFacts } from '../../../../src-renderer/src/runs/card-actions';

const runLead = (outcome?: string): AgentActions =>
  agentActions(runAgentId('r1'), { source: 'orrery', parentId: undefined, sessionId: 's1', runId: 'r1', pid: 42, outcome, details: {} });

const facts = (patch: Partial<CardActionFacts>): CardActionFacts => ({
  fresh: undefined,
  fallback: runLead(),
  terminalId: 't1',
  terminalOpen: true,
  runId: 'r1',
  busy: undefined,
  armed: undefined,
  ...patch,
});

const byName = (views: ReturnType<typeof cardActionViews>) => Object.fromEntries(views.map((view) => [view.name, view]));

describe('cardActionViews', () => {
  it('shows the four actions in order; a live run can be cancelled and reset but not resumed, with the reason', () => {
    const views = cardActionViews(facts({}));
    expect(views.map((view) => view.label)).toEqual(['Cancel', 'Reset session', 'Resume…', 'Open transcript']);
    const { cancel, reset, resume, transcript } = byName(views);
    expect(cancel?.enabled).toBe(true);
    expect(reset?.enabled).toBe(true);
    expect(resume).toMatchObject({ enabled: false, reason: 'It is still running; cancel it first, or wait until it ends.' });
    expect(transcript).toMatchObject({ enabled: true, reason: undefined });
  });

  it('prefers the host’s fresh answer to the snapshot', () => {
    const fresh: AgentActions = { ...runLead(), cancel: { available: false, reason: 'Its process is gone.' } };
    const { cancel } = byName(cardActionViews(facts({ fresh })));
    expect(cancel).toMatchObject({ enabled: false, reason: 'Its process is gone.' });
  });

  it('asks for confirmation on the armed action only', () => {
    const { cancel, reset } = byName(cardActionViews(facts({ armed: 'cancel' })));
    expect(cancel).toMatchObject({ label: 'Confirm cancel', armed: true, enabled: true });
    expect(reset).toMatchObject({ label: 'Reset session', armed: false });
  });

  it('holds the other actions while one is in flight, without inventing a reason', () => {
    const { cancel, reset, transcript } = byName(cardActionViews(facts({ busy: 'reset' })));
    expect(reset).toMatchObject({ label: 'Resetting…', enabled: false, reason: undefined });
    expect(cancel).toMatchObject({ enabled: false, reason: undefined });
    expect(transcript?.enabled).toBe(true);
  });

  it('opens a run’s transcript again from its log, and explains why other agents have none', () => {
    expect(byName(cardActionViews(facts({ terminalOpen: false }))).transcript).toMatchObject({ enabled: true, reason: undefined });
    expect(byName(cardActionViews(facts({ terminalId: undefined, terminalOpen: false, runId: undefined }))).transcript).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/no transcript/),
    });
    expect(byName(cardActionViews(facts({ terminalOpen: false, runId: undefined }))).transcript).toMatchObject({ enabled: false, reason: 'Its transcript tab was closed.' });
  });

  it('an ended run offers resume and reset, not cancel', () => {
    const { cancel, reset, resume } = byName(cardActionViews(facts({ fallback: runLead('success') })));
    expect(cancel).toMatchObject({ enabled: false, reason: 'It has already ended.' });
    expect(reset?.enabled).toBe(true);
    expect(resume?.enabled).toBe(true);
  });
});
