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

/** JSON with every object's keys sorted, so equal values hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The positional cache's key for one call: its prompt and the options exactly as the script gave them. */
export function callHash(prompt: string, rawOptions: Record<string, unknown>): string {
  return createHash('sha256').update(stableJson({ prompt, options: rawOptions })).digest('hex');
}
