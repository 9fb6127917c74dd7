import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import { formatCost } from './format';

/** One line per event for the details panel: the part a person scans for. */
export function eventSummary(event: OrreryEvent): string {
  switch (event.type) {
    case 'agent_spawn':
      return event.parent_id === undefined ? 'spawned' : `spawned by ${event.parent_id}`;
    case 'agent_done':
      return event.error === undefined ? event.outcome : `${event.outcome}: ${event.error}`;
    case 'tool_use':
      return event.input_summary === undefined ? event.tool : `${event.tool} — ${event.input_summary}`;
    case 'tool_result': {
      const took = event.duration_ms === undefined ? '' : ` in ${Math.round(event.duration_ms)} ms`;
      return event.ok ? `ok${took}` : `failed${took}${event.error === undefined ? '' : `: ${event.error}`}`;
    }
    case 'usage':
      return `${event.tokens_in} in / ${event.tokens_out} out${event.cost_usd === undefined ? '' : ` · ${formatCost(event.cost_usd)}`}`;
    case 'status':
      return event.status;
    case 'log':
      return `[${event.level}] ${event.message}`;
  }
}
