import type { CardActionProps } from '../state/agent-card-extensions';
import { registerCardActions } from '../state/agent-card-extensions';
import { openWorkflowProgress } from './workflow-progress-store';

/**
 * "Show progress" on the card of a workflow's node (`wf-<runId>`): the card's own Cancel, Reset and
 * Resume already reach the workflow through the host; its phases, agents, log and result are in
 * the progress panel.
 */
function ShowWorkflowProgress({ agent }: CardActionProps) {
  const runId = agent.details.workflowRunId;
  if (typeof runId !== 'string') return null;
  return (
    <button type="button" data-testid="workflow-card-progress" onClick={() => openWorkflowProgress(runId)}>
      Show progress
    </button>
  );
}

registerCardActions('workflow', ShowWorkflowProgress);
