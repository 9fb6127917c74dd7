// Claude Code settings that run hook-recorder.mjs for every hook event, so a test or the fixture
// recorder sees each raw payload the real CLI sends.
import { fileURLToPath } from 'node:url';

export const RECORDED_HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'SubagentStart', 'SubagentStop', 'Stop', 'Notification', 'SessionEnd'] as const;
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

export const HOOK_RECORDER = fileURLToPath(new URL('./hook-recorder.mjs', import.meta.url));

/** `settings.json` content whose hooks append every payload to `payloadFile` (one JSON per line). */
export function hookRecorderSettings(payloadFile: string): { hooks: Record<string, unknown[]> } {
  // The same shape as Orrery's own hook command (`node "<script>"`), so the recorded parent pid is the one Orrery's hook sees.
  const hook = { type: 'command', command: `node "${HOOK_RECORDER}" "${payloadFile}"`, timeout: 10 };
  return {
    hooks: Object.fromEntries(RECORDED_HOOK_EVENTS.map((event) => [event, [TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [hook] } : { hooks: [hook] }]])),
  };
}
