import { describe, expect, it } from 'vitest';
import { agentActions, runAgentId } from '../../../../src-shared/events/agent-actions';
import type { ActionFacts } from '../../../../src-shared/events/agent-actions';

const facts = (over: Partial<ActionFacts> = {}): ActionFacts => ({ source: 'x', parentId: undefined, sessionId: undefined, runId: undefined, pid: undefined, details: {}, ...over });

describe('what can be done to an agent', () => {
  it("a run's main agent: cancel while live; resume once ended with a session; reset always", () => {
    const lead = runAgentId('r1');
    expect(agentActions(lead, facts({ runId: 'r1' }))).toEqual({ cancel: { available: true }, reset: { available: true }, resume: { available: false, reason: 'It is still running; cancel it first, or wait until it ends.' } });
    expect(agentActions(lead, facts({ runId: 'r1', outcome: 'success', sessionId: 's' }))).toEqual({ cancel: { available: false, reason: 'It has already ended.' }, reset: { available: true }, resume: { available: true } });
    expect(agentActions(lead, facts({ runId: 'r1', outcome: 'error' })).resume).toMatchObject({ available: false, reason: expect.stringMatching(/ended before its session started/) });
  });

  it("a run's subagent is acted on through its run", () => {
    const actions = agentActions('run-r1/task-1', facts({ runId: 'r1', parentId: 'run-r1' }));
    expect(Object.values(actions).every((action) => !action.available && /act on the agent that started it/.test(action.reason))).toBe(true);
  });

  it('an agent seen through hooks can be cancelled when its process is known, never reset or resumed', () => {
    expect(agentActions('s', facts({ pid: 42 })).cancel).toEqual({ available: true });
    expect(agentActions('s', facts()).cancel).toMatchObject({ available: false, reason: expect.stringMatching(/does not know its process/) });
    expect(agentActions('s', facts({ pid: 42 })).reset).toMatchObject({ available: false });
  });

  it('a workflow node cancels while running and resumes or resets after; its phase nodes refer to it', () => {
    const workflow = { actionsBy: 'workflow' };
    expect(agentActions('wf-1', facts({ details: workflow }))).toMatchObject({ cancel: { available: true }, reset: { available: false }, resume: { available: false } });
    expect(agentActions('wf-1', facts({ details: workflow, outcome: 'cancelled' }))).toMatchObject({ cancel: { available: false }, reset: { available: true }, resume: { available: true } });
    const phase = agentActions('wf-1/phase:Scope', facts({ details: { actionsBy: 'workflow-phase' } }));
    expect(Object.values(phase).every((action) => !action.available && /act on the workflow/.test(action.reason))).toBe(true);
  });

  it('a Paperclip agent: cancel needs a live run, reset always, resume is Paperclip\'s', () => {
    expect(agentActions('pc', facts({ details: { actionsBy: 'paperclip', paperclipRunId: 'run-1' } }))).toMatchObject({ cancel: { available: true }, reset: { available: true }, resume: { available: false } });
    expect(agentActions('pc', facts({ details: { actionsBy: 'paperclip' } })).cancel).toEqual({ available: false, reason: 'It has no live run.' });
  });
});
