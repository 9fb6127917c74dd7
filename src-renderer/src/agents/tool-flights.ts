/** How long a tool name floats up from its agent. */
export const FLIGHT_MS = 1_400;

/** One tool name floating up from the agent that called it. */
export interface ToolFlight {
  agentId: string;
  tool: string;
  /** Local time of the call. */
  at: number;
}

/**
 * Tool calls in flight, in a fixed ring. When every slot is still flying a new call is not
 * shown: at thousands of calls a second nobody could read them all, and names that float their
 * whole way up are readable where names replaced every few milliseconds would only flicker.
 */
export class ToolFlights {
  private readonly ring: ToolFlight[];
  private next = 0;

  constructor(capacity = 32) {
    this.ring = Array.from({ length: capacity }, () => ({ agentId: '', tool: '', at: Number.NEGATIVE_INFINITY }));
  }

  add(agentId: string, tool: string, at: number): void {
    const slot = this.ring[this.next];
    if (slot === undefined || at - slot.at < FLIGHT_MS) return;
    slot.agentId = agentId;
    slot.tool = tool;
    slot.at = at;
    this.next = (this.next + 1) % this.ring.length;
  }

  /** Flights still in the air, oldest first. */
  *active(now: number): Generator<ToolFlight> {
    for (let i = 0; i < this.ring.length; i++) {
      const flight = this.ring[(this.next + i) % this.ring.length];
      if (flight !== undefined && now - flight.at < FLIGHT_MS) yield flight;
    }
  }

  clear(): void {
    for (const flight of this.ring) flight.at = Number.NEGATIVE_INFINITY;
  }
}
