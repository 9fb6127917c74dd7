import type { RunInfo } from '../../../src-shared/runs/runs-contract';
import type { RunTokens } from './adapters/agent-output-adapter';

/** A run as the runs layer keeps it: what clients see, plus what it needs to start it again. */
export interface RunRecord extends RunInfo {
  /** Shown in the graph; defaults from the profile and the prompt. */
  name: string;
  /** The graph parent of its agent (a workflow's node); the orchestrator when absent. */
  parentAgentId?: string;
  /** Claude: `--json-schema`; the run's result then carries `structuredOutput`. */
  jsonSchema?: object;
  /** Codex reports usage cumulatively for the thread, across resumed processes. */
  sessionTokens?: RunTokens;
  details?: Record<string, string | number | boolean>;
}

/** What clients see of a run: the record without its internal fields. */
export function publicRun(record: RunRecord): RunInfo {
  const { name: _name, parentAgentId: _parent, jsonSchema: _schema, sessionTokens: _tokens, details: _details, ...info } = record;
  return info;
}
