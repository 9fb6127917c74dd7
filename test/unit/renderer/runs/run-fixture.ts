import type { RunInfo } from '../../../../src-shared/runs/runs-contract';

/** A run as the host would describe it, with only what a test cares about changed. */
export function runInfo(patch: Partial<RunInfo> & { id: string }): RunInfo {
  return {
    profileId: 'demo',
    profileKind: 'demo',
    agentId: `run-${patch.id}`,
    prompt: 'do it',
    argv: ['node', 'demo-agent.mjs'],
    cwd: '/tmp',
    state: 'running',
    tokensIn: 0,
    tokensOut: 0,
    cacheRead: 0,
    cacheWrite: 0,
    costUsd: 0,
    costEstimated: false,
    queuedAt: 1_000,
    ...patch,
  };
}
