/** No terminal has this id (it may have been closed). `code` matches the api's error codes. */
export class UnknownTerminalError extends Error {
  readonly code = 'not_found';
  readonly terminalId: string;

  constructor(terminalId: string) {
    super(`No terminal with id "${terminalId}"`);
    this.name = 'UnknownTerminalError';
    this.terminalId = terminalId;
  }
}

/** A request the caller must fix, e.g. a missing working directory or a bad size. */
export class InvalidTerminalRequestError extends Error {
  readonly code = 'invalid_argument';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidTerminalRequestError';
  }
}
