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

export type ToSandbox =
  | { type: 'start'; code: string; file: string; config: ScopeConfig; spent: number; maxCalls: number }
  | { type: 'settle'; id: number; ok: true; json: string | undefined; spent: number }
  | { type: 'settle'; id: number; ok: false; error: string; spent: number }
  | { type: 'child'; id: number; code: string; file: string; config: ScopeConfig };

export interface ScriptError {
  message: string;
  file?: string;
  line?: number;
}

export type CallKind = 'agent' | 'workflow';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type SandboxItem =
  | { t: 'call'; id: number; kind: CallKind; payload: string; scope: number }
  | { t: 'log'; level: LogLevel; message: string; scope: number }
  | { t: 'phase'; title: string; scope: number }
  | { t: 'done'; ok: true; json: string | undefined }
  | { t: 'done'; ok: false; error: ScriptError };

/** One message per turn (per message the worker received, and once at start): its items, then idle. */
export type FromSandbox = { type: 'turn'; items: SandboxItem[] };

/** What agent() sends, made in the sandbox with its own JSON.stringify. */
export interface AgentCallPayload {
  prompt: string;
  options: Record<string, unknown>;
  /** `options.phase`, else the last phase() title. */
  phase?: string;
}

export interface WorkflowCallPayload {
  ref: { name: string } | { scriptPath: string };
  args?: unknown;
}
