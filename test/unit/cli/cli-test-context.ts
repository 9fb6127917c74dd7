import type { CliContext } from '../../../src-main/cli/cli-context';

export const NOW = 1_748_779_200_000;

/** A CliContext that records output instead of printing it. */
export function testContext(env: NodeJS.ProcessEnv = {}, signal: AbortSignal = new AbortController().signal): CliContext & { out: string; err: string } {
  const context = {
    out: '',
    err: '',
    stdout: (text: string) => {
      context.out += text;
    },
    stderr: (text: string) => {
      context.err += text;
    },
    env,
    cwd: '/tmp',
    stdoutIsTty: false,
    now: () => NOW,
    signal,
  };
  return context;
}
