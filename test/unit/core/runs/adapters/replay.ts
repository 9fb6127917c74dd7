// Feeds a CLI's recorded output through an adapter the way the runs layer will: every event is
// validated against the schema and folded into a real LiveState.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEvent, type AgentOutcome, type OrreryEvent } from '../../../../../src-shared/events/event-schema';
import { LiveState, type FinishedAgent, type LiveAgent } from '../../../../../src-shared/events/live-state';
import type { AdapterContext, AdapterStep, AgentOutputAdapter } from '../../../../../src-main/core/runs/adapters/agent-output-adapter';

export const FIXTURES = join(__dirname, '../../../../fixtures/agent-clis');

/** stdout of a real CLI run, one line per entry (recorded by test/support/agent-clis/record-fixtures.ts). */
export function fixtureLines(name: string): string[] {
  return readFileSync(join(FIXTURES, name), 'utf8').split('\n').filter((line) => line !== '');
}

export type Line = Record<string, any>;

/** The same lines decoded, for a test to work out on its own what the adapter should report. */
export function fixtureMessages(name: string): Line[] {
  return fixtureLines(name).map((line) => JSON.parse(line) as Line);
}

/** Every agent the state knows, alive or finished, by id. */
export function agentsById(state: LiveState): Map<string, LiveAgent> {
  const snapshot = state.snapshot();
  return new Map([...snapshot.agents, ...snapshot.finished].map((agent) => [agent.id, agent]));
}

/** How an agent ended, or undefined while it runs. */
export function endOf(agent: LiveAgent | undefined): { outcome: AgentOutcome; error: string | undefined } | undefined {
  if (agent === undefined || !('outcome' in agent)) return undefined;
  const finished = agent as FinishedAgent;
  return { outcome: finished.outcome, error: finished.error };
}

export function sumTokens(agents: Iterable<LiveAgent>): { input: number; output: number; cacheRead: number; cacheWrite: number; costUsd: number } {
  const sum = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0 };
  for (const agent of agents) {
    sum.input += agent.tokensIn;
    sum.output += agent.tokensOut;
    sum.cacheRead += agent.cacheRead;
    sum.cacheWrite += agent.cacheWrite;
    sum.costUsd += agent.costUsd;
  }
  return sum;
}

/** xterm needs \r\n: a bare \n would leave the cursor in the column it was in. */
export function hasOnlyCrlfLineEnds(text: string): boolean {
  return !/[^\r]\n|^\n/.test(text) && (text === '' || text.endsWith('\r\n'));
}

/** A clock that moves 5 ms per reading, so durations are positive and repeatable. */
export function testContext(overrides: Partial<AdapterContext> = {}): AdapterContext {
  let now = Date.parse('2026-06-01T12:00:00.000Z');
  return { runId: 'run-1', agentId: 'run-1-main', source: 'claude-code', terminalId: 'term-1', now: () => (now += 5), ...overrides };
}

export interface Replay {
  events: OrreryEvent[];
  transcript: string;
  state: LiveState;
}

export function replay(adapter: AgentOutputAdapter, lines: readonly string[], end?: { outcome: AgentOutcome; reason?: string }): Replay {
  const state = new LiveState({ lingerMs: 1e12, now: () => Date.parse('2026-06-01T12:00:00.000Z') });
  const result: Replay = { events: [], transcript: '', state };
  const take = (step: AdapterStep) => {
    result.transcript += step.transcript;
    for (const input of step.events) {
      const parsed = validateEvent(input);
      if (!parsed.ok) throw new Error(`invalid event ${JSON.stringify(input)}: ${parsed.detail}`);
      result.events.push(parsed.event);
      state.apply(parsed.event);
    }
  };
  for (const line of lines) take(adapter.stdoutLine(line));
  if (end !== undefined) take(adapter.finish(end.outcome, end.reason));
  return result;
}
