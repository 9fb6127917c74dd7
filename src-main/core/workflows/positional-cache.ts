import type { ReplayEntry } from './sandbox-protocol';
import type { WorkflowCallRecord } from './workflow-journal';

/**
 * What a resume may replay: the unbroken prefix of the previous attempt's finished calls, from
 * position 0 on. A call that failed or never finished ends it; the sandbox serves the prefix only
 * while the script makes the very same calls at the same positions, and from the first call that
 * differs (edited, added, removed, reordered) every call runs live.
 *
 * Each entry is ranked by the order its result reached the script then, so the replay hands
 * results over in that order — the script then makes the same calls in the same order, which is
 * what makes a replay hit 100 %, even where a pipeline let later calls overtake earlier ones.
 * Results that were never handed over (a crash in between) rank after every one that was.
 */
export function replayablePrefix(previous: readonly WorkflowCallRecord[]): ReplayEntry[] {
  const byPosition = [...previous].sort((a, b) => a.position - b.position);
  const prefix: (WorkflowCallRecord & { resultJson: string })[] = [];
  for (const [index, call] of byPosition.entries()) {
    if (call.position !== index || call.state !== 'done' || call.resultJson === undefined) break;
    prefix.push(call as WorkflowCallRecord & { resultJson: string });
  }
  const order = [...prefix].sort((a, b) => (a.deliverySeq ?? Number.MAX_SAFE_INTEGER) - (b.deliverySeq ?? Number.MAX_SAFE_INTEGER) || a.position - b.position);
  const rank = new Map(order.map((call, index) => [call.position, index]));
  return prefix.map((call) => ({ position: call.position, payload: call.payload, json: call.resultJson, tokensOut: call.tokensOut, rank: rank.get(call.position) as number }));
}
