import type { z } from 'zod';
import { httpError, networkError, PaperclipError } from './paperclip-errors';
import { AgentWire, CompanyWire, HealthWire, IssueWire, LogPageWire, RunWire } from './paperclip-wire';

export interface PaperclipClientOptions {
  /** Normalised, without a trailing slash. */
  url: string;
  /** A board API key, sent as a bearer token; never put into a message or a log. */
  apiKey?: string | undefined;
  /** For every request but a cancel. */
  timeoutMs?: number;
  /** A cancel blocks until the run's process is gone: its grace (15 s by default) and more. */
  cancelTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CANCEL_TIMEOUT_MS = 5 * 60_000;

/** Paperclip's HTTP api as Orrery uses it. Every answer is checked against the shape it relies on. */
export class PaperclipClient {
  readonly url: string;
  readonly #apiKey: string | undefined;
  readonly #timeoutMs: number;
  readonly #cancelTimeoutMs: number;

  constructor(options: PaperclipClientOptions) {
    this.url = options.url;
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#cancelTimeoutMs = options.cancelTimeoutMs ?? DEFAULT_CANCEL_TIMEOUT_MS;
  }

  get hasKey(): boolean {
    return this.#apiKey !== undefined;
  }

  /** Tells a Paperclip server from anything else listening there. */
  async health(): Promise<HealthWire> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/api/health`, { headers: this.#headers(), signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      throw networkError(error);
    }
    const body = await response.text();
    if (response.status === 401 || response.status === 403) throw httpError('GET /api/health', response.status, body);
    const parsed = response.ok ? HealthWire.safeParse(parseJson(body)) : undefined;
    if (parsed?.success !== true) {
      throw new PaperclipError(`it does not answer like a Paperclip server (GET /api/health: ${response.ok ? 'not Paperclip’s health report' : `HTTP ${response.status}`})`, 'not_paperclip');
    }
    return parsed.data;
  }

  companies(): Promise<CompanyWire[]> {
    return this.#get('/api/companies', CompanyWire.array());
  }

  agents(companyId: string): Promise<AgentWire[]> {
    return this.#get(`/api/companies/${encodeURIComponent(companyId)}/agents`, AgentWire.array());
  }

  agent(agentId: string): Promise<AgentWire> {
    return this.#get(`/api/agents/${encodeURIComponent(agentId)}`, AgentWire);
  }

  /** Queued and running runs (at most 50, Paperclip's cap). */
  liveRuns(companyId: string): Promise<RunWire[]> {
    return this.#get(`/api/companies/${encodeURIComponent(companyId)}/live-runs?limit=50`, RunWire.array());
  }

  run(runId: string): Promise<RunWire> {
    return this.#get(`/api/heartbeat-runs/${encodeURIComponent(runId)}`, RunWire);
  }

  /** `limitBytes` of the run's NDJSON log from byte `offset`; a page may end (and start) mid-line. */
  logPage(runId: string, offset: number, limitBytes: number): Promise<LogPageWire> {
    return this.#get(`/api/heartbeat-runs/${encodeURIComponent(runId)}/log?offset=${offset}&limitBytes=${limitBytes}`, LogPageWire);
  }

  issue(issueId: string): Promise<IssueWire> {
    return this.#get(`/api/issues/${encodeURIComponent(issueId)}`, IssueWire);
  }

  /** Returns once Paperclip reports the run's process gone (SIGTERM, then SIGKILL after its grace). */
  cancelRun(runId: string): Promise<RunWire> {
    return this.#post(`/api/heartbeat-runs/${encodeURIComponent(runId)}/cancel`, {}, RunWire, this.#cancelTimeoutMs);
  }

  /** Clears the agent's stored session; does not stop a run. */
  async resetSession(agentId: string): Promise<void> {
    await this.#post(`/api/agents/${encodeURIComponent(agentId)}/runtime-state/reset-session`, {}, undefined);
  }

  pause(agentId: string): Promise<AgentWire> {
    return this.#post(`/api/agents/${encodeURIComponent(agentId)}/pause`, {}, AgentWire);
  }

  resume(agentId: string): Promise<AgentWire> {
    return this.#post(`/api/agents/${encodeURIComponent(agentId)}/resume`, {}, AgentWire);
  }

  /** Queues a run now; returns it (status `queued`). */
  wake(agentId: string): Promise<RunWire> {
    return this.#post(`/api/agents/${encodeURIComponent(agentId)}/wakeup`, { source: 'on_demand', triggerDetail: 'manual' }, RunWire);
  }

  /** The live-events socket of a company and the headers to open it with. */
  eventsSocket(companyId: string, sendKey: boolean): { url: string; headers: Record<string, string> } {
    const url = new URL(`${this.url}/api/companies/${encodeURIComponent(companyId)}/events/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { url: url.toString(), headers: sendKey ? this.#headers() : {} };
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.#apiKey === undefined ? extra : { ...extra, authorization: `Bearer ${this.#apiKey}` };
  }

  #get<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T>> {
    return this.#request('GET', path, undefined, schema, this.#timeoutMs) as Promise<z.output<T>>;
  }

  #post<T extends z.ZodType>(path: string, body: object, schema: T, timeoutMs?: number): Promise<z.output<T>>;
  #post(path: string, body: object, schema: undefined, timeoutMs?: number): Promise<unknown>;
  #post(path: string, body: object, schema: z.ZodType | undefined, timeoutMs = this.#timeoutMs): Promise<unknown> {
    return this.#request('POST', path, body, schema, timeoutMs);
  }

  async #request(method: 'GET' | 'POST', path: string, body: object | undefined, schema: z.ZodType | undefined, timeoutMs: number): Promise<unknown> {
    const what = `${method} ${path.split('?', 1)[0] ?? path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: this.#headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw networkError(error);
    }
    if (!response.ok) throw httpError(what, response.status, text);
    if (schema === undefined) return undefined;
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PaperclipError(`Paperclip ${what}: unexpected answer (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'not JSON'})`, 'not_paperclip');
    }
    return parsed.data;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
