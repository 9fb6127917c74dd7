import { z } from 'zod';
import {
  MAX_CONTEXT_LINES,
  MAX_PATTERN_LENGTH,
  MAX_SEARCH_BUDGET_MS,
  MAX_SEARCH_LIMIT,
} from './search-limits';

/**
 * The terminals part of the api contract: inputs, outputs and stream items, transport-free.
 * Each method maps one to one onto a TerminalManager method of the same name.
 */

const TerminalId = z.string().min(1).max(100);
const ViewId = z.string().min(1).max(100);
const Cols = z.number().int().min(1).max(2000);
const Rows = z.number().int().min(1).max(1000);
const Empty = z.object({}).strict();

/**
 * `pty`: a real pseudo-terminal one can type into. `transcript`: text Orrery writes itself (a
 * run's readable transcript, a Paperclip run's log): read-only, searchable like any terminal.
 */
export const TERMINAL_KINDS = ['pty', 'transcript'] as const;

export const TerminalInfo = z.object({
  id: TerminalId,
  name: z.string(),
  kind: z.enum(TERMINAL_KINDS),
  /** The run (or Paperclip run) whose transcript this is. */
  runId: z.string().optional(),
  /** 0 for a transcript: its process, if any, is the run's. */
  pid: z.number().int(),
  command: z.string(),
  args: z.array(z.string()),
  cwd: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  status: z.enum(['running', 'exited']),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  createdAt: z.number(),
  exitedAt: z.number().nullable(),
  /** Output is paused because an attached view is too far behind (a snapshot; changes are not announced). */
  flowPaused: z.boolean(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const TerminalCreateInput = z
  .object({
    name: z.string().min(1).max(200).optional(),
    command: z.string().min(1).max(4096).optional(),
    args: z.array(z.string().max(65_536)).max(1000).optional(),
    cwd: z.string().min(1).max(4096).optional(),
    env: z.record(z.string().min(1).max(1000), z.string().max(65_536)).optional(),
    cols: Cols.optional(),
    rows: Rows.optional(),
  })
  .strict();
export type TerminalCreateInput = z.infer<typeof TerminalCreateInput>;

export const TerminalIdInput = z.object({ id: TerminalId }).strict();
export type TerminalIdInput = z.infer<typeof TerminalIdInput>;

export const TerminalWriteInput = z.object({ id: TerminalId, data: z.string().max(1_048_576) }).strict();
export type TerminalWriteInput = z.infer<typeof TerminalWriteInput>;

export const TerminalResizeInput = z.object({ id: TerminalId, cols: Cols, rows: Rows }).strict();
export type TerminalResizeInput = z.infer<typeof TerminalResizeInput>;

export const TerminalRenameInput = z.object({ id: TerminalId, name: z.string().min(1).max(200) }).strict();
export type TerminalRenameInput = z.infer<typeof TerminalRenameInput>;

export const TerminalAttachOutput = z.object({
  terminal: TerminalInfo,
  /** Identifies this view in `ack` and `detach`. */
  viewId: ViewId,
  /** Recent raw output (escapes included) to write into a fresh xterm before streaming. */
  replay: z.string(),
  /** Output offset just past `replay`: skip stream data before it. */
  offset: z.number().int().min(0),
});
export type TerminalAttachOutput = z.infer<typeof TerminalAttachOutput>;

export const TerminalDetachInput = z.object({ id: TerminalId, viewId: ViewId }).strict();
export type TerminalDetachInput = z.infer<typeof TerminalDetachInput>;

/** Sent as the view's xterm finishes writing output, e.g. every 5,000 chars. */
export const TerminalAckInput = z.object({ id: TerminalId, viewId: ViewId, chars: z.number().int().min(0).max(1_073_741_824) }).strict();
export type TerminalAckInput = z.infer<typeof TerminalAckInput>;

export const TerminalSearchInput = z
  .object({
    pattern: z.string().min(1).max(MAX_PATTERN_LENGTH),
    regex: z.boolean().optional(),
    ignoreCase: z.boolean().optional(),
    flags: z.string().regex(/^[imsuv]*$/, 'flags may only contain i, m, s, u, v').optional(),
    limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
    contextLines: z.number().int().min(0).max(MAX_CONTEXT_LINES).optional(),
    newestFirst: z.boolean().optional(),
    budgetMs: z.number().int().min(1).max(MAX_SEARCH_BUDGET_MS).optional(),
    /** All terminals when omitted. */
    terminalIds: z.array(TerminalId).max(1000).optional(),
  })
  .strict();
export type TerminalSearchInput = z.infer<typeof TerminalSearchInput>;

export const TerminalSearchHit = z.object({
  terminalId: TerminalId,
  terminalName: z.string(),
  /** Absolute line number in the terminal's scrollback. */
  line: z.number().int().min(0),
  text: z.string(),
  /** [start, end) offsets into `text` of every match, for highlighting. */
  matches: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** Up to `contextLines` lines before and after, clipped at both ends of the scrollback. */
  before: z.array(z.string()),
  after: z.array(z.string()),
  /** When the line was last written, ms since epoch; orders hits across terminals. */
  time: z.number(),
});
export type TerminalSearchHit = z.infer<typeof TerminalSearchHit>;

export const TerminalSearchOutput = z.object({
  hits: z.array(TerminalSearchHit),
  /** The budget ran out: hits are what was found until then. */
  timedOut: z.boolean(),
  /** The limit was reached: more hits may exist. */
  limitReached: z.boolean(),
  durationMs: z.number(),
});
export type TerminalSearchOutput = z.infer<typeof TerminalSearchOutput>;

export const TerminalOutputStreamInput = z
  .object({
    terminalIds: z.array(TerminalId).max(1000).optional(),
    /** Only terminals this connection has a view attached to (what a page shows), not every one. */
    attachedOnly: z.boolean().optional(),
  })
  .strict();
export type TerminalOutputStreamInput = z.infer<typeof TerminalOutputStreamInput>;

export const TerminalOutputItem = z.object({
  terminalId: TerminalId,
  data: z.string(),
  /** Chars this terminal emitted before this batch. */
  offset: z.number().int().min(0),
});
export type TerminalOutputItem = z.infer<typeof TerminalOutputItem>;

export const TerminalChangeItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['created', 'updated', 'exited']), terminal: TerminalInfo }),
  z.object({ kind: z.literal('removed'), terminalId: TerminalId }),
]);
export type TerminalChangeItem = z.infer<typeof TerminalChangeItem>;

export const terminalMethods = {
  'terminals.create': { input: TerminalCreateInput, output: TerminalInfo },
  'terminals.list': { input: Empty, output: z.array(TerminalInfo) },
  'terminals.get': { input: TerminalIdInput, output: TerminalInfo },
  'terminals.write': { input: TerminalWriteInput, output: Empty },
  'terminals.resize': { input: TerminalResizeInput, output: TerminalInfo },
  'terminals.rename': { input: TerminalRenameInput, output: TerminalInfo },
  'terminals.close': { input: TerminalIdInput, output: TerminalInfo },
  'terminals.attach': { input: TerminalIdInput, output: TerminalAttachOutput },
  'terminals.detach': { input: TerminalDetachInput, output: Empty },
  'terminals.ack': { input: TerminalAckInput, output: Empty },
  'terminals.search': { input: TerminalSearchInput, output: TerminalSearchOutput },
} as const;

export const terminalStreams = {
  'terminals.output': { input: TerminalOutputStreamInput, item: TerminalOutputItem },
  'terminals.changes': { input: Empty, item: TerminalChangeItem },
} as const;
