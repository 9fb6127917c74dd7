// One line that says what a tool call does — `npm test`, `src/app.ts`, `TODO in src/` — for the
// graph's floating label, the agent's card and the transcript. Always redacted and short.
import { redactSecrets } from '../../../../src-shared/redaction/redact-secrets.mjs';
import { oneLine } from './transcript-format';

export const SUMMARY_MAX_CHARS = 160;
/**
 * Only this much of an input is looked at: a summary shows a tenth of it, and a heredoc or an
 * MCP payload of megabytes should not be redacted whole to show one line.
 */
const SUMMARY_SCAN_CHARS = 2000;

type Input = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A path under the run's directory reads better relative to it. */
function shortPath(path: string, cwd: string | undefined): string {
  if (cwd !== undefined && cwd !== '' && path.startsWith(`${cwd}/`)) return path.slice(cwd.length + 1);
  return path;
}

function joined(...parts: (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined).join(' ');
}

/** The salient field of each Claude Code tool's input; other tools show their input as JSON. */
function claudeSummary(tool: string, input: Input, cwd: string | undefined): string | undefined {
  const path = text(input.file_path) ?? text(input.notebook_path) ?? text(input.path);
  switch (tool) {
    case 'Bash':
    case 'BashOutput':
      return text(input.command) ?? text(input.bash_id);
    case 'Read':
    case 'Write':
    case 'Edit':
    case 'MultiEdit':
    case 'NotebookEdit':
      return path === undefined ? undefined : shortPath(path, cwd);
    case 'Glob':
      return joined(text(input.pattern), path === undefined ? undefined : `in ${shortPath(path, cwd)}`);
    case 'Grep':
      return joined(text(input.pattern), path === undefined ? undefined : `in ${shortPath(path, cwd)}`);
    case 'WebFetch':
      return text(input.url);
    case 'WebSearch':
      return text(input.query);
    case 'Task':
    case 'Agent':
      return joined(text(input.description), text(input.subagent_type) === undefined ? undefined : `(${text(input.subagent_type)})`);
    case 'TodoWrite':
      return Array.isArray(input.todos) ? `${input.todos.length} todo${input.todos.length === 1 ? '' : 's'}` : undefined;
    case 'KillShell':
    case 'KillBash':
      return text(input.shell_id);
    default:
      return undefined;
  }
}

/** What a Claude Code tool call does, in one redacted line. */
export function summariseToolInput(tool: string, input: unknown, cwd?: string): string {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return '';
  const known = claudeSummary(tool, input as Input, cwd);
  if (known !== undefined) return summariseText(known);
  // As JSON, `"password": "…"` is a secret-ish name with a value, which the redactor knows.
  return Object.keys(input).length === 0 ? '' : summariseText(JSON.stringify(input));
}

/** `/bin/bash -lc 'npm test'` → `npm test`: the wrapper Codex puts around every command says nothing. */
export function unwrapShellCommand(command: string): string {
  const match = /^(?:\S*\/)?(?:ba|z)?sh\s+-l?c\s+(['"])([\s\S]*)\1$/.exec(command.trim());
  if (match === null) return command;
  const inner = match[2] ?? '';
  // Inside single quotes a quote is written '\'' ; undo that so the command reads as typed.
  return match[1] === "'" ? inner.replace(/'\\''/g, "'") : inner;
}

/** A one-line, redacted summary of any text (a command, a path, an MCP call's arguments). */
export function summariseText(value: string): string {
  return oneLine(redactSecrets(value.slice(0, SUMMARY_SCAN_CHARS)), SUMMARY_MAX_CHARS);
}
