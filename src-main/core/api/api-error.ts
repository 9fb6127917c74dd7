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
