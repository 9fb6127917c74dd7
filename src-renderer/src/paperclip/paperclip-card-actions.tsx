import { useState } from 'react';
import type { CardActionProps } from '../state/agent-card-extensions';
import { registerCardActions } from '../state/agent-card-extensions';
import { useApi } from '../api/api-context';

type AgentAction = 'paperclip.pause' | 'paperclip.resume' | 'paperclip.wake';

/**
 * Pause / Resume and Wake now on a Paperclip agent's card, beside the card's own Cancel and Reset
 * (which the host routes to Paperclip too). All of it goes through Paperclip's api.
 */
function PaperclipCardActions({ agent, report }: CardActionProps) {
  const api = useApi();
  const [busy, setBusy] = useState<AgentAction>();
  // A company node has no Paperclip agent behind it.
  if (typeof agent.details.paperclipAgentId !== 'string' || agent.outcome !== undefined) return null;
  const paused = agent.details.agentState === 'paused';

  async function act(method: AgentAction): Promise<void> {
    setBusy(method);
    try {
      const result = await api.call(method, { agentId: agent.id });
      report({ text: result.message, error: false });
    } catch (error) {
      report({ text: error instanceof Error ? error.message : String(error), error: true });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div className="paperclip-card-actions" data-testid="paperclip-card-actions">
      {paused ? (
        <button type="button" data-testid="paperclip-card-resume" disabled={busy !== undefined} onClick={() => void act('paperclip.resume')}>
          {busy === 'paperclip.resume' ? 'Resuming…' : 'Resume agent'}
        </button>
      ) : (
        <button type="button" data-testid="paperclip-card-pause" disabled={busy !== undefined} onClick={() => void act('paperclip.pause')}>
          {busy === 'paperclip.pause' ? 'Pausing…' : 'Pause agent'}
        </button>
      )}
      <button type="button" data-testid="paperclip-card-wake" disabled={busy !== undefined || paused} title={paused ? 'A paused agent cannot be woken; resume it first.' : undefined} onClick={() => void act('paperclip.wake')}>
        {busy === 'paperclip.wake' ? 'Waking…' : 'Wake now'}
      </button>
    </div>
  );
}

registerCardActions('paperclip', PaperclipCardActions);
