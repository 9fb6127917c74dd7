/** Codes a client can branch on; messages are for people. */
export type ApiErrorCode =
  | 'invalid_argument'
  | 'unknown_method'
  | 'unknown_stream'
  | 'bad_message'
  | 'not_found'
  | 'failed_precondition'
  | 'disconnected'
  | 'internal';

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  /** Where validation failed, e.g. ["cols"], so a UI can point at the field. */
  issues?: { path: (string | number)[]; message: string }[];
}

export class ApiError extends Error implements ApiErrorShape {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiErrorShape['issues'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toShape(): ApiErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromShape(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.issues);
  }
}

/** Codes a domain error may carry to reach the client as itself rather than as `internal`. */
const CLIENT_FACING_CODES: ReadonlySet<string> = new Set<ApiErrorCode>(['invalid_argument', 'not_found', 'failed_precondition']);

/**
 * Domain modules stay free of the api layer: their errors only carry a matching `code`
 * (e.g. `UnknownTerminalError.code = 'not_found'`), and this turns them into ApiErrors.
 */
export function asClientFacingError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && CLIENT_FACING_CODES.has(code) ? new ApiError(code as ApiErrorCode, error.message) : undefined;
}
