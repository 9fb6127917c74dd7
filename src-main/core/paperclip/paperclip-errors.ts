import { ApiError } from '../../../src-shared/api/api-error';
import type { PaperclipProblem } from '../../../src-shared/paperclip/paperclip-contract';

/**
 * A request to Paperclip that did not give what was asked. `problem` is set when the instance as
 * a whole is the trouble (it is down, refuses our key, is not Paperclip); `status` alone is a
 * refusal of this one request (404, 409, …) and `paperclipMessage` is Paperclip's own words.
 */
export class PaperclipError extends Error {
  readonly problem: PaperclipProblem | undefined;
  readonly status: number | undefined;
  readonly paperclipMessage: string | undefined;

  constructor(message: string, problem: PaperclipProblem | undefined, status?: number, paperclipMessage?: string) {
    super(message);
    this.name = 'PaperclipError';
    this.problem = problem;
    this.status = status;
    this.paperclipMessage = paperclipMessage;
  }
}

/** Problems that another attempt may cure by itself (a restart, a network blip). */
export function isTransient(problem: PaperclipProblem | undefined): boolean {
  return problem === 'refused' || problem === 'unreachable' || problem === 'timeout' || problem === 'server_error';
}

const NETWORK_CODES: Record<string, PaperclipProblem> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EPIPE: 'unreachable',
  UND_ERR_SOCKET: 'unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
};

/** fetch's `TypeError: fetch failed` hides the reason in `cause`; this names it (the URL is shown beside it). */
export function networkError(error: unknown): PaperclipError {
  if (error instanceof PaperclipError) return error;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return new PaperclipError('no answer in time', 'timeout');
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  const problem = NETWORK_CODES[code] ?? 'unreachable';
  if (problem === 'refused') return new PaperclipError('connection refused', problem);
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new PaperclipError(code && !detail.includes(code) ? `${detail} (${code})` : detail, problem);
}

/** An HTTP answer that is not 2xx, with Paperclip's `{"error": "…"}` when it sent one. */
export function httpError(what: string, status: number, body: string): PaperclipError {
  const said = paperclipSaid(body);
  const problem: PaperclipProblem | undefined = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status >= 500 ? 'server_error' : undefined;
  const prefix = status === 401 ? 'the API key was refused (401)' : status === 403 ? 'access forbidden (403)' : `HTTP ${status}`;
  return new PaperclipError(`Paperclip ${what}: ${prefix}${said === undefined ? '' : `: ${said}`}`, problem, status, said);
}

function paperclipSaid(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const said = typeof parsed.error === 'string' ? parsed.error : typeof parsed.message === 'string' ? parsed.message : undefined;
    return said?.slice(0, 500);
  } catch {
    const line = body.trim().split('\n', 1)[0] ?? '';
    return line === '' || line.startsWith('<') ? undefined : line.slice(0, 200);
  }
}

/**
 * For the api: Paperclip's refusal in Paperclip's words, with the code a client can branch on.
 * Never retried here: the person decides whether to try again. Anything else is rethrown as it
 * is, so the api layer logs it as the bug it is.
 */
export function rethrowForApi(error: unknown): never {
  if (!(error instanceof PaperclipError)) throw error;
  const message = error.paperclipMessage !== undefined ? `Paperclip refused (${error.status ?? '?'}): ${error.paperclipMessage}` : error.problem === 'refused' || error.problem === 'unreachable' || error.problem === 'timeout' ? `Cannot reach Paperclip: ${error.message}` : error.message;
  if (error.status === 404) throw new ApiError('not_found', message);
  if (error.status === 400 || error.status === 422) throw new ApiError('invalid_argument', message);
  throw new ApiError('failed_precondition', message);
}
