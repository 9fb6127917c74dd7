// A Paperclip `claude_local` agent that runs the REAL Claude Code CLI (pinned, from
// test/support/agent-clis/install.sh) against the scripted model server: only the model is
// simulated. `engine: 'acp'` (Paperclip's default) drives it through the Agent Client Protocol and
// logs Paperclip's acpx lines; `engine: 'cli'` runs `claude -p --output-format stream-json`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { claudeBin } from '../agent-clis/cli-paths';
import { claudeEnv } from '../agent-clis/run-claude';
import type { PaperclipServer } from './paperclip-server';

export async function createClaudeAgent(server: PaperclipServer, companyId: string, options: { name: string; engine: 'acp' | 'cli'; modelUrl: string }): Promise<{ id: string; name: string }> {
  const home = join(server.dataDir, `claude-${options.engine}-home`);
  mkdirSync(home, { recursive: true });
  const env = claudeEnv(home, options.modelUrl);
  const passed = ['HOME', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY', 'DISABLE_TELEMETRY', 'DISABLE_ERROR_REPORTING', 'DISABLE_AUTOUPDATER', 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC', 'CLAUDE_CODE_MAX_RETRIES'];
  return server.api('POST', `/api/companies/${companyId}/agents`, {
    name: options.name,
    role: 'engineer',
    adapterType: 'claude_local',
    adapterConfig: {
      engine: options.engine,
      command: claudeBin(),
      cwd: home,
      env: Object.fromEntries(passed.map((key) => [key, env[key] ?? ''])),
      // As root Claude Code refuses --dangerously-skip-permissions; allow the one tool the script uses.
      dangerouslySkipPermissions: false,
      extraArgs: ['--allowedTools', 'Bash'],
      timeoutSec: 120,
    },
  });
}
