// The readable transcript a run's terminal tab shows: what the agent said, each tool call on one
// line, a few lines of each result, subagents indented under their parent, and a closing line.
// xterm draws it, so lines end in \r\n and colours are ANSI; whatever the CLI printed is stripped
// of its own escape sequences first, so a tool's output cannot move the cursor or recolour the tab.
import type { AgentOutcome } from '../../../../src-shared/events/event-schema';
import { redactSecrets } from '../../../../src-shared/redaction/redact-secrets.mjs';

const ESC = '\u001b[';
const RESET = `${ESC}0m`;
const paint = (code: string) => (text: string) => `${ESC}${code}m${text}${RESET}`;
export const dim = paint('2');
const bold = paint('1');
const red = paint('31');
const green = paint('32');
const yellow = paint('33');
const cyan = paint('36');
const magenta = paint('35');
const dimRed = paint('2;31');

export const CRLF = '\r\n';
/** Tool output shown per result; the rest is counted, not shown. */
const RESULT_MAX_LINES = 6;
/** Any one line is cut here, so a minified file or a base64 blob stays one screen line or two. */
const LINE_MAX_CHARS = 200;
/** Cap on a whole text block (assistant text, reasoning) before it is split into lines. */
const TEXT_MAX_CHARS = 20_000;

// CSI/OSC sequences and the other C0 controls except tab; \r is handled as a line break.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f]/g;

/** Text the CLI gave, made safe to show: no escape sequences, no secrets. */
function cleanText(text: string): string {
  return redactSecrets(text.replace(ESCAPES, ''));
}

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Collapses text to one line of at most `max` characters. */
export function oneLine(text: string, max: number): string {
  return cut(text.replace(/\s+/g, ' ').trim(), max);
}

/**
 * Huge text is cut before it is cleaned (cleaning megabytes to show six lines is waste); the cut
 * ends at a line break, so a secret is never shown half-matched and so unredacted.
 */
function capText(text: string): string {
  if (text.length <= TEXT_MAX_CHARS) return text;
  const head = text.slice(0, TEXT_MAX_CHARS);
  const lastBreak = head.lastIndexOf('\n');
  return `${lastBreak > 0 ? head.slice(0, lastBreak) : cut(head, LINE_MAX_CHARS)}\n…`;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Two spaces per level of subagent nesting. */
function pad(depth: number): string {
  return '  '.repeat(depth);
}

function lines(depth: number, rows: readonly string[]): string {
  const prefix = pad(depth);
  let out = '';
  for (const row of rows) out += `${prefix}${row}${CRLF}`;
  return out;
}

/** A block of text, cleaned, each line capped; `style` colours every line. */
function block(text: string, depth: number, style?: (line: string) => string): string {
  const rows = splitLines(cleanText(capText(text)).replace(/\s+$/, ''));
  return lines(
    depth,
    rows.map((row) => {
      const capped = cut(row, LINE_MAX_CHARS);
      return style === undefined || capped === '' ? capped : style(capped);
    }),
  );
}

export function assistantText(text: string, depth = 0): string {
  return text.trim() === '' ? '' : block(text, depth);
}

/** Reasoning, unknown lines, side facts: shown, but out of the way. */
export function dimText(text: string, depth = 0): string {
  return text.trim() === '' ? '' : block(text, depth, dim);
}

/** A line the CLI printed that was not JSON: shown as it is. */
export function plainLine(text: string): string {
  return block(text, 0);
}

/** `▸ Bash  npm test` — the summary is already one line and redacted. */
export function toolCall(tool: string, summary: string, depth = 0): string {
  const head = `${cyan('▸')} ${bold(cyan(cut(tool, 60)))}`;
  return lines(depth, [summary === '' ? head : `${head}  ${summary}`]);
}

/** `✓` or `✗`, then the first lines of the output (errors in red) and how many were left out. */
export function toolResult(ok: boolean, output: string, depth = 0): string {
  const mark = ok ? green('✓') : red('✗');
  const truncated = output.length > TEXT_MAX_CHARS;
  const rows = splitLines(cleanText(capText(output)).replace(/\s+$/, '')).filter((row) => row.trim() !== '');
  if (truncated) rows.pop();
  if (rows.length === 0 && !truncated) return lines(depth, [mark]);
  const shown = rows.slice(0, RESULT_MAX_LINES).map((row) => cut(row, LINE_MAX_CHARS));
  const style = ok ? dim : red;
  const out = [`${mark} ${style(shown[0] ?? '')}`, ...shown.slice(1).map((row) => `  ${style(row)}`)];
  const hidden = rows.length - shown.length;
  if (truncated) out.push(dim('  … more lines'));
  else if (hidden > 0) out.push(dim(`  … ${hidden} more line${hidden === 1 ? '' : 's'}`));
  return lines(depth, out);
}

export function subagentStarted(name: string, detail: string | undefined, depth: number): string {
  const head = `${magenta('◆')} ${bold(magenta(cut(name, 80)))} started`;
  return lines(depth, [detail === undefined || detail === '' ? head : `${head}  ${dim(oneLine(cleanText(detail), 120))}`]);
}

export function subagentEnded(name: string, outcome: AgentOutcome, detail: string | undefined, depth: number): string {
  const head = `${magenta('◆')} ${bold(magenta(cut(name, 80)))} ${outcomeWord(outcome)}`;
  return lines(depth, [detail === undefined || detail === '' ? head : `${head}  ${dim(oneLine(cleanText(detail), 160))}`]);
}

/** A warning or an error the CLI reported that is not a tool result. */
export function notice(level: 'warn' | 'error', text: string, depth = 0): string {
  const style = level === 'error' ? red : yellow;
  return lines(depth, [style(`${level === 'error' ? '✗' : '!'} ${oneLine(cleanText(text), LINE_MAX_CHARS)}`)]);
}

function outcomeWord(outcome: AgentOutcome): string {
  switch (outcome) {
    case 'success':
      return green('done');
    case 'error':
      return red('failed');
    case 'cancelled':
      return yellow('cancelled');
    case 'timeout':
      return yellow('timed out');
    case 'interrupted':
      return yellow('interrupted');
  }
}

export interface FinalSummary {
  outcome: AgentOutcome;
  /** Why it did not succeed, when it did not. */
  reason?: string;
  turns?: number;
  durationMs?: number;
  /** Undefined: the price of the model is unknown. */
  costUsd: number | undefined;
  costEstimated: boolean;
}

export function formatCost(costUsd: number | undefined, estimated: boolean): string {
  if (costUsd === undefined) return 'unknown price';
  const digits = costUsd >= 1 ? 2 : 4;
  return `$${costUsd.toFixed(digits)}${estimated ? ' est.' : ''}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** `■ done · 3 turns · 12.4 s · $0.0123` */
export function finalLine(summary: FinalSummary): string {
  const parts = [`${bold('■')} ${outcomeWord(summary.outcome)}`];
  if (summary.reason !== undefined && summary.reason !== '') parts.push(red(oneLine(cleanText(summary.reason), 160)));
  if (summary.turns !== undefined) parts.push(`${summary.turns} turn${summary.turns === 1 ? '' : 's'}`);
  if (summary.durationMs !== undefined) parts.push(formatDuration(summary.durationMs));
  parts.push(formatCost(summary.costUsd, summary.costEstimated));
  return lines(0, [parts.join(dim(' · '))]);
}

/**
 * Each stderr line behind a dim red bar, so it reads apart from the agent's own output. A line
 * redrawn with \r (a progress bar) shows only its last state, as a terminal would.
 */
export function stderrLines(text: string): string {
  const rows = cleanText(text)
    .split(/\r?\n/)
    .map((row) => row.slice(row.lastIndexOf('\r') + 1));
  if (rows.at(-1) === '') rows.pop();
  return lines(
    0,
    rows.map((row) => `${dimRed('stderr │')} ${cut(row, LINE_MAX_CHARS)}`),
  );
}
