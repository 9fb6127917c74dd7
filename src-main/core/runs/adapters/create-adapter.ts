import type { ProfileKind } from '../../../../src-shared/runs/runs-contract';
import type { AdapterContext, AgentOutputAdapter } from './agent-output-adapter';
import { ClaudeStreamAdapter } from './claude-stream-adapter';
import { CodexJsonAdapter, type CodexAdapterOptions } from './codex-json-adapter';
import { PlainOutputAdapter } from './plain-output-adapter';

export type AdapterOptions = CodexAdapterOptions;

/** The adapter for a profile's kind; the demo agent speaks Claude Code's stream-json. */
export function createAdapter(kind: ProfileKind, ctx: AdapterContext, options: AdapterOptions = {}): AgentOutputAdapter {
  switch (kind) {
    case 'claude':
    case 'demo':
      return new ClaudeStreamAdapter(ctx);
    case 'codex':
      return new CodexJsonAdapter(ctx, options);
    case 'command':
      return new PlainOutputAdapter();
  }
}
