import type { AgentOutcome, AgentStatus } from '../../../src-shared/events/event-schema';

/** Ring colour of an alive agent. */
export const STATUS_COLOUR: Record<AgentStatus, string> = {
  queued: '#484f58',
  running: '#3fb950',
  waiting: '#d29922',
  idle: '#7d8799',
  paused: '#7aa2f7',
  error: '#f85149',
};

/** Flash and ring colour of a finished agent. */
export const OUTCOME_COLOUR: Record<AgentOutcome, string> = {
  success: '#3fb950',
  error: '#f85149',
  cancelled: '#8b949e',
  timeout: '#e3a21a',
  interrupted: '#a371f7',
};
