import type { RunManager } from './run-manager';
import type { WorkflowAgentCall, WorkflowAgentPort, WorkflowAgentResult } from '../workflows/workflow-agent-port';

/**
 * The workflow engine's agents are ordinary runs: the same profiles, queue, budget and cancel
 * ladder, drawn as branches of the workflow's node. A run's phase and call position ride along
 * in its details for its card.
 */
export function workflowRunsPort(manager: RunManager): WorkflowAgentPort {
  return {
    maxConcurrentRuns: () => manager.settings().maxConcurrent,
    async runAgent(call: WorkflowAgentCall, signal: AbortSignal, onLaunched?: (runId: string) => void): Promise<WorkflowAgentResult> {
      const run = manager.launch({
        profileId: call.profileId,
        prompt: call.prompt,
        cwd: call.cwd,
        parentAgentId: call.parentAgentId,
        workflowRunId: call.workflowRunId,
        ...(call.label !== undefined && { name: call.label }),
        ...(call.model !== undefined && { model: call.model }),
        ...(call.effort !== undefined && { effort: call.effort }),
        ...(call.schema !== undefined && { jsonSchema: call.schema }),
        details: { workflowRunId: call.workflowRunId, callPosition: call.position, ...(call.phase !== undefined && { phase: call.phase }), ...(call.agentType !== undefined && { agentType: call.agentType }) },
      });
      onLaunched?.(run.id);
      const cancel = (): void => void manager.cancel(run.id, { outcome: 'cancelled', reason: 'its workflow was cancelled' });
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
      try {
        const ended = await manager.whenDone(run.id);
        return {
          outcome: ended.outcome ?? 'error',
          runId: ended.id,
          tokensOut: ended.tokensOut,
          ...(ended.resultText !== undefined && { text: ended.resultText }),
          ...(ended.structuredOutput !== undefined && { structuredOutput: ended.structuredOutput }),
          ...(ended.reason !== undefined && { error: ended.reason }),
        };
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    },
  };
}
