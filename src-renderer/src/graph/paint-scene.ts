import type { FleetAgent } from '../agents/fleet-agent';
import type { ViewTransform } from './follow-view';

/** What the painter reads of an agent: a FleetAgent on the main thread, a plain copy in the paint worker. */
export type PaintAgent = Pick<FleetAgent, 'id' | 'name' | 'model' | 'status' | 'outcome' | 'seenAt' | 'pulseAt' | 'finishedAt' | 'lastEventAt'>;

export interface PaintView {
  /** CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  transform: ViewTransform;
  now: number;
  lingerMs: number;
  /** The model's look version: agents at rest changed colour, ring or name when it moves. */
  lookVersion: number;
  hoveredId: string | undefined;
  selectedId: string | undefined;
}

export interface PaintNode {
  id: string;
  /** Undefined for the synthetic root, the orchestrator. */
  agent: PaintAgent | undefined;
  parent: PaintNode | undefined;
  /** World units. */
  radius: number;
  x: number;
  y: number;
  /** The node's place in its layout's `nodes`. */
  index?: number | undefined;
}

/** The laid-out graph as the painter sees it: the live GraphLayout, or the worker's mirror of it. */
export interface PaintLayout {
  readonly nodes: readonly PaintNode[];
  readonly root: PaintNode;
  /** Bumped whenever any node moved, grew or the node set changed. */
  readonly revision: number;
  /** Bumped only when the node set or an edge changed. */
  readonly topologyRevision: number;
  node(id: string): PaintNode | undefined;
}

/**
 * Marks, by node index, the node `top` and every node that hangs below it (1), and the rest (0).
 * A parent cycle counts as outside. Reuses `out` when it has the right length.
 */
export function subtreeMask(nodes: readonly PaintNode[], top: PaintNode, out: Uint8Array): Uint8Array {
  const mask = out.length === nodes.length ? out : new Uint8Array(nodes.length);
  // 0 unknown, 1 inside, 2 outside, 3 on the path being resolved.
  mask.fill(0);
  const path: PaintNode[] = [];
  for (const start of nodes) {
    let node: PaintNode | undefined = start;
    let verdict = 2;
    while (node !== undefined) {
      const state = mask[node.index ?? 0] ?? 0;
      if (node === top) verdict = 1;
      else if (state === 1 || state === 2) verdict = state;
      else if (state === 0) {
        mask[node.index ?? 0] = 3;
        path.push(node);
        node = node.parent;
        continue;
      }
      break;
    }
    if (node === top) mask[top.index ?? 0] = 1;
    for (const visited of path) mask[visited.index ?? 0] = verdict;
    path.length = 0;
  }
  return mask;
}
