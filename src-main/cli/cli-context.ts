/** What a subcommand may touch of the outside world; tests pass their own. */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Where relative paths (`--cwd`) start; a run launched from here works here by default. */
  cwd: string;
  /** Colours only where a person reads them. */
  stdoutIsTty: boolean;
  now(): number;
  /** Aborted on Ctrl+C / SIGTERM, so long-running commands (the demo) can end cleanly. */
  signal: AbortSignal;
}
