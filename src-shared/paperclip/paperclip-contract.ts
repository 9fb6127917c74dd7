import { z } from 'zod';
import { AgentActionResult } from '../runs/runs-contract';

/**
 * The Paperclip part of the api contract: which Paperclip servers Orrery watches, their
 * connection states, and the actions on a Paperclip agent that the card's cancel / reset do not
 * cover. Every agent is named by its Orrery agent id (the graph node), never by Paperclip's.
 */

export const DEFAULT_PAPERCLIP_URL = 'http://127.0.0.1:3100';

const Empty = z.object({}).strict();
const AgentId = z.string().min(1).max(512);

/** Host (a name, an IPv4 or a bracketed IPv6 address), optional port, optional path; nothing else. */
const HTTP_URL = /^https?:\/\/(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/[^\s?#]*)?$/;

/** An http(s) URL without credentials, query or fragment; the host drops a trailing slash. */
export const PaperclipUrl = z
  .string()
  .trim()
  .min(1, 'the URL is empty')
  .max(2048)
  .regex(HTTP_URL, 'expected an http:// or https:// URL without credentials, query or fragment, e.g. http://127.0.0.1:3100');

/** A board API key (`Authorization: Bearer …`); kept by the host, never sent back. */
const ApiKey = z.string().trim().min(1, 'the API key is empty').max(4096).regex(/^[\x21-\x7e]+$/, 'an API key is printable ASCII without spaces');
const CompanyId = z.string().min(1).max(200);

export const PAPERCLIP_STATES = ['connecting', 'connected', 'reconnecting', 'error'] as const;
export type PaperclipState = (typeof PAPERCLIP_STATES)[number];

/** Why it is not connected: a client can branch on the kind, a person reads the reason. */
export const PAPERCLIP_PROBLEMS = ['refused', 'unreachable', 'timeout', 'unauthorized', 'forbidden', 'not_paperclip', 'server_error'] as const;
export type PaperclipProblem = (typeof PAPERCLIP_PROBLEMS)[number];

export const PaperclipCompany = z.object({ id: z.string(), name: z.string() });
export type PaperclipCompany = z.output<typeof PaperclipCompany>;

export const PaperclipInstance = z.object({
  url: z.string(),
  /** Whether a board API key is set; the key itself never leaves the host. */
  hasKey: z.boolean(),
  /** The company ids watched; absent: all of them. */
  companies: z.array(z.string()).optional(),
  /** Added by --paperclip for this start only (not remembered, cannot be removed). */
  fromCommandLine: z.boolean(),
  state: z.enum(PAPERCLIP_STATES),
  problem: z.enum(PAPERCLIP_PROBLEMS).optional(),
  /** Set unless connected: what went wrong, in words. */
  reason: z.string().optional(),
  /** How live updates arrive: Paperclip's live-events socket, or a 2 s poll where it is refused. */
  transport: z.enum(['websocket', 'polling']).optional(),
  /** The companies seen at the last refresh. */
  watching: z.array(PaperclipCompany),
  serverVersion: z.string().optional(),
  connectedAt: z.number().optional(),
  /** When the next attempt runs, while reconnecting or in error. */
  retryAt: z.number().optional(),
});
export type PaperclipInstance = z.output<typeof PaperclipInstance>;

export const AddPaperclipRequest = z
  .object({
    url: PaperclipUrl,
    apiKey: ApiKey.optional(),
    /** Watch only these companies; absent or empty: all. */
    companies: z.array(CompanyId).max(500).optional(),
  })
  .strict();
export type AddPaperclipRequest = z.input<typeof AddPaperclipRequest>;

const OnAgent = z.object({ agentId: AgentId }).strict();

export const paperclipMethods = {
  'paperclip.instances': { input: Empty, output: z.array(PaperclipInstance) },
  /** Adds (or updates: a new key, other companies) an instance and connects to it. Remembered. */
  'paperclip.add': { input: AddPaperclipRequest, output: PaperclipInstance },
  /** Stops watching it; its agents leave the graph. Paperclip itself is not touched. */
  'paperclip.remove': { input: z.object({ url: PaperclipUrl }).strict(), output: z.object({ removed: z.boolean() }) },
  'paperclip.pause': { input: OnAgent, output: AgentActionResult },
  'paperclip.resume': { input: OnAgent, output: AgentActionResult },
  /** Starts a run now (`wakeup`, on demand). */
  'paperclip.wake': { input: OnAgent, output: AgentActionResult },
  /** Cancels its live run (waiting until Paperclip reports the process gone), then resets its session. */
  'paperclip.stopThenReset': { input: OnAgent, output: AgentActionResult },
} as const;

export const PaperclipChange = z.union([
  z.object({ kind: z.literal('instance'), instance: PaperclipInstance }),
  z.object({ kind: z.literal('removed'), url: z.string() }),
]);
export type PaperclipChange = z.output<typeof PaperclipChange>;

export const paperclipStreams = {
  /** Every instance on subscribe, then each change of one (state, companies, settings) or its removal. */
  'paperclip.changes': { input: Empty, item: PaperclipChange },
} as const;
