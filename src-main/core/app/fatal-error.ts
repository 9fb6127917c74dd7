import { UsageError } from '../config/command-line';
import { StoreOpenError } from '../store/database';

/**
 * Turns a start-up failure into the one line a person needs, plus an exit code a script can
 * branch on (2: the command line was wrong; 1: anything else). Unknown errors keep their stack.
 */
export function describeFatalError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: `orrery: ${error.message}`, exitCode: 2 };
  if (error instanceof StoreOpenError) return { line: `orrery: ${error.message}`, exitCode: 1 };
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return { line: `orrery: that port is already in use; choose another with --port (0 picks a free one)`, exitCode: 1 };
  return { line: `orrery: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: 1 };
}
