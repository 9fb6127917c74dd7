import { createHash } from 'node:crypto';

/** agent()'s options, checked. */
export interface AgentCallOptions {
  label?: string;
  phase?: string;
  /** A JSON Schema whose root is an object schema. */
  schema?: Record<string, unknown>;
  model?: string;
  effort?: string;
  isolation?: 'worktree';
  agentType?: string;
}

export type ReadOptions = { ok: true; options: AgentCallOptions; ignored: string[] } | { ok: false; error: string };

const STRING_OPTIONS = ['label', 'phase', 'model', 'effort', 'agentType'] as const;
const MAX_OPTION_LENGTH = 1000;

/**
 * Checks what a script passed as agent()'s options. A wrong type is an error the script sees
 * (agent() rejects); an unknown key is ignored and reported, since newer Claude Code versions
 * may pass options Orrery does not know yet.
 */
export function readAgentCallOptions(raw: Record<string, unknown>, phase: unknown): ReadOptions {
  const options: AgentCallOptions = {};
  for (const key of STRING_OPTIONS) {
    const value = key === 'phase' ? (raw.phase ?? phase) : raw[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value === '' || value.length > MAX_OPTION_LENGTH) {
      return { ok: false, error: `agent(): opts.${key} must be a non-empty string of at most ${MAX_OPTION_LENGTH} characters` };
    }
    options[key] = value;
  }
  if (raw.isolation !== undefined && raw.isolation !== null) {
    if (raw.isolation !== 'worktree') return { ok: false, error: `agent(): opts.isolation must be 'worktree' (or left out), not ${JSON.stringify(raw.isolation)}` };
    options.isolation = 'worktree';
  }
  if (raw.schema !== undefined && raw.schema !== null) {
    const schema = raw.schema;
    if (typeof schema !== 'object' || Array.isArray(schema)) return { ok: false, error: 'agent(): opts.schema must be a JSON Schema object' };
    const root = (schema as Record<string, unknown>).type;
    if (root !== 'object') return { ok: false, error: `agent(): opts.schema must have an object root (type: 'object'), not ${JSON.stringify(root ?? null)}` };
    options.schema = schema as Record<string, unknown>;
  }
  const known = new Set<string>([...STRING_OPTIONS, 'isolation', 'schema']);
  return { ok: true, options, ignored: Object.keys(raw).filter((key) => !known.has(key)) };
}

/** The journal's key for one call: a hash of its prompt and options, as the script wrote them (`{ prompt, options }` in JSON). */
export function callHash(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}
