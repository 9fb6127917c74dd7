/**
 * The messages between the engine (main thread) and the sandbox worker. Only strings and numbers
 * cross: every value leaves QuickJS as JSON text made inside QuickJS and enters it the same way,
 * so no host object ever reaches a script and no script object ever reaches the host.
 */

export interface SandboxLimits {
  /** QuickJS heap ceiling: allocating past it is an `out of memory` error in the script. */
  memoryBytes: number;
  /** QuickJS stack ceiling: recursing past it is a `stack overflow` error in the script. */
  stackBytes: number;
  /** Longest stretch the script may run without awaiting anything (an endless loop ends here). */
  sliceMs: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { memoryBytes: 256 * 1024 * 1024, stackBytes: 512 * 1024, sliceMs: 10_000 };

/** What a script (the main one or a child started by workflow()) is given. */
export interface ScopeConfig {
  /** Absent: started without args, the script sees `undefined`. */
  argsJson?: string;
  budgetTotal: number | null;
  /** A child's workflow() throws: one level only. */
  isChild: boolean;
}

/**
 * A call of the previous attempt the script may make again. The worker serves it itself when the
 * script makes the very same call at its position, while every call before it was served too:
 * a replay then costs no round trip to the host.
 */
export interface ReplayEntry {
  position: number;
  /** The call as the script made it: `{ prompt, options }` in JSON. */
  payload: string;
  /** What agent() resolved to. */
  json: string;
  tokensOut: number;
  /** Its place in the order results reached the script in that attempt: results are handed over in it. */
  rank: number;
}

export type ToSandbox =
  | { type: 'start'; code: string; file: string; config: ScopeConfig; spent: number; maxCalls: number; replay: ReplayEntry[] }
  | { type: 'settle'; id: number; ok: true; json: string | undefined; spent: number }
  | { type: 'settle'; id: number; ok: false; error: string; spent: number }
  | { type: 'child'; id: number; code: string; file: string; config: ScopeConfig };

export interface ScriptError {
  message: string;
  file?: string;
  line?: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type SandboxItem =
  | { t: 'call'; id: number; kind: 'agent'; payload: string; phase: string | undefined; position: number; scope: number }
  | { t: 'call'; id: number; kind: 'workflow'; payload: string; scope: number }
  /** A call served from the replay, in the order it was handed to the script. */
  | { t: 'replayed'; position: number }
  | { t: 'log'; level: LogLevel; message: string; scope: number }
  | { t: 'phase'; title: string; scope: number }
  | { t: 'done'; ok: true; json: string | undefined }
  | { t: 'done'; ok: false; error: ScriptError };

/** One message per turn (per message the worker received, and once at start): its items, then idle. */
export type FromSandbox = { type: 'turn'; items: SandboxItem[] };

/** What agent() sends, made in the sandbox with its own JSON.stringify; its phase (`options.phase`, else the last phase() title) travels beside it. */
export interface AgentCallPayload {
  prompt: string;
  options: Record<string, unknown>;
}

export interface WorkflowCallPayload {
  ref: { name: string } | { scriptPath: string };
  args?: unknown;
}
