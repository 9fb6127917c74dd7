import type { WorkflowPhase } from '../../../src-shared/workflows/workflows-contract';
import { LiteralSyntaxError, parseLiteral, SourceCursor } from './js-literal-parser';
import type { LiteralValue } from './js-literal-parser';

export interface WorkflowMeta {
  name: string;
  description: string;
  whenToUse?: string;
  phases: WorkflowPhase[];
}

export type ParsedWorkflowSource =
  | { ok: true; meta: WorkflowMeta; sandboxCode: string }
  | { ok: false; line: number | undefined; reason: string };

/** Files larger than this are refused before parsing: a workflow is a script, not a data dump. */
export const MAX_WORKFLOW_SOURCE_BYTES = 1024 * 1024;

/**
 * Splits a workflow file into its `meta` (a pure literal, read without running anything) and the
 * code the sandbox runs. The body is wrapped in an async function, so top-level `await` and
 * `return` work, and `export` is blanked out so `meta` stays in scope as a plain const. The
 * wrapper adds no line, so the sandbox's line numbers are the file's.
 */
export function parseWorkflowSource(text: string): ParsedWorkflowSource {
  if (text.length > MAX_WORKFLOW_SOURCE_BYTES) return { ok: false, line: undefined, reason: `the file is larger than ${MAX_WORKFLOW_SOURCE_BYTES / 1024} KiB` };
  const cursor = new SourceCursor(text);
  try {
    cursor.skipTrivia();
    const exportAt = cursor.offset;
    const words = [cursor.readWord(), (cursor.skipTrivia(), cursor.readWord()), (cursor.skipTrivia(), cursor.readWord())];
    if (words[0] !== 'export' || words[1] !== 'const' || words[2] !== 'meta') {
      return { ok: false, line: cursor.lineAt(exportAt), reason: 'the first statement must be `export const meta = { name, description, … }`' };
    }
    cursor.expect('=', '`=` after `export const meta`');
    const metaAt = cursor.offset;
    const literal = parseLiteral(cursor);
    const meta = readMeta(literal);
    if (typeof meta === 'string') return { ok: false, line: cursor.lineAt(metaAt), reason: meta };
    const body = text.slice(0, exportAt).replace(/^#!.*/, '') + ' '.repeat('export'.length) + text.slice(exportAt + 'export'.length);
    return { ok: true, meta, sandboxCode: `(async function () {'use strict';${body}\n})()` };
  } catch (error) {
    if (error instanceof LiteralSyntaxError) return { ok: false, line: error.line, reason: `meta: ${error.message}` };
    throw error;
  }
}

function isRecord(value: LiteralValue | undefined): value is { [key: string]: LiteralValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(record: { [key: string]: LiteralValue }, key: string, where: string): string | undefined | Error {
  const value = record[key];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : new Error(`${where}.${key} must be a string`);
}

/** The meta's shape, or what is wrong with it. Keys it does not know are ignored (newer Claude Code versions may add some). */
function readMeta(literal: LiteralValue): WorkflowMeta | string {
  if (!isRecord(literal)) return 'meta must be an object literal';
  const { name, description } = literal;
  if (typeof name !== 'string' || name.trim() === '') return 'meta.name must be a non-empty string';
  if (name.length > 200 || /[\n\r]/.test(name)) return 'meta.name must be one line of at most 200 characters';
  if (typeof description !== 'string' || description.trim() === '') return 'meta.description must be a non-empty string';
  const whenToUse = optionalString(literal, 'whenToUse', 'meta');
  if (whenToUse instanceof Error) return whenToUse.message;
  const phases: WorkflowPhase[] = [];
  const rawPhases = literal.phases;
  if (rawPhases !== undefined) {
    if (!Array.isArray(rawPhases)) return 'meta.phases must be an array of { title, detail?, model? }';
    for (const [index, phase] of rawPhases.entries()) {
      const where = `meta.phases[${index}]`;
      if (!isRecord(phase)) return `${where} must be an object { title, detail?, model? }`;
      if (typeof phase.title !== 'string' || phase.title === '') return `${where}.title must be a non-empty string`;
      const detail = optionalString(phase, 'detail', where);
      const model = optionalString(phase, 'model', where);
      if (detail instanceof Error) return detail.message;
      if (model instanceof Error) return model.message;
      phases.push({ title: phase.title, ...(detail !== undefined && { detail }), ...(model !== undefined && { model }) });
    }
  }
  return { name, description, ...(whenToUse !== undefined && { whenToUse }), phases };
}

const TYPESCRIPT_HINTS = [
  /^\s*(?:export\s+)?(?:interface|type|enum)\s+[A-Za-z_$][\w$]*\s*[={<]/m,
  /(?:\bconst|\blet|\bvar|[(,])\s*[A-Za-z_$][\w$]*\s*:\s*(?:string|number|boolean|any|unknown|void|never|object|[A-Z][\w$]*)(?:\[\])?\s*[=,)]/,
  /\)\s*:\s*(?:string|number|boolean|any|unknown|void|Promise<)/,
  /\bas\s+(?:const|string|number|any|unknown)\b/,
];

/** Says so when a file that fails to parse looks like TypeScript, the likeliest reason. */
export function explainSyntaxError(source: string, message: string): string {
  const looksTyped = TYPESCRIPT_HINTS.some((hint) => hint.test(source));
  return looksTyped ? `${message} (this looks like TypeScript: workflow scripts are plain JavaScript)` : message;
}
