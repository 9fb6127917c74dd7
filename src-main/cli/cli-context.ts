/** What a subcommand may touch of the outside world; tests pass their own. */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  now(): number;
  /** Aborted on Ctrl+C / SIGTERM, so long-running commands (the demo) can end cleanly. */
  signal: AbortSignal;
}
