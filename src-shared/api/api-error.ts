/** Codes a client can branch on; messages are for people. */
export type ApiErrorCode =
  | 'invalid_argument'
  | 'unknown_method'
  | 'unknown_stream'
  | 'bad_message'
  | 'not_found'
  | 'failed_precondition'
  | 'disconnected'
  /** The client cancelled the call (a superseded search, say); nobody waits for its answer. */
  | 'cancelled'
  | 'internal';

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  /** Where validation failed, e.g. ["cols"], so a UI can point at the field. */
  issues?: { path: (string | number)[]; message: string }[];
}

export class ApiError extends Error implements ApiErrorShape {
  // Plain fields, not parameter properties: benches and test hosts run these sources with Node's type stripping.
  readonly code: ApiErrorCode;
  readonly issues?: ApiErrorShape['issues'];

  constructor(code: ApiErrorCode, message: string, issues?: ApiErrorShape['issues']) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (issues !== undefined) this.issues = issues;
  }

  toShape(): ApiErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromShape(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.issues);
  }
}

/** Codes a domain error may carry to reach the client as itself rather than as `internal`. */
const CLIENT_FACING_CODES: ReadonlySet<string> = new Set<ApiErrorCode>(['invalid_argument', 'not_found', 'failed_precondition', 'cancelled']);

/**
 * Domain modules stay free of the api layer: their errors only carry a matching `code`
 * (e.g. `UnknownTerminalError.code = 'not_found'`), and this turns them into ApiErrors.
 */
export function asClientFacingError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return undefined;
  // What an aborted AbortSignal throws (fetch, timers/promises, our own searches).
  if (error.name === 'AbortError') return new ApiError('cancelled', error.message);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && CLIENT_FACING_CODES.has(code) ? new ApiError(code as ApiErrorCode, error.message) : undefined;
}
