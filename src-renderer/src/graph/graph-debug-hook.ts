import type { GraphEngine } from './graph-engine';

/** A read-only window into the canvas for Playwright and benches; nothing in the app uses it. */
export interface GraphDebugHook {
  nodeCount(): number;
  /** Milliseconds of work per drawn frame (layout tick + paint), oldest first. */
  frameTimes(): number[];
  /** True when the layout is at rest and no frame is pending. */
  idle(): boolean;
  nodes(): GraphDebugNode[];
}

export interface GraphDebugNode {
  id: string;
  /** The agent it hangs from, or null for the orchestrator. */
  parent: string | null;
  finished: boolean;
  /** Viewport coordinates, ready for a mouse click. */
  clientX: number;
  clientY: number;
}

declare global {
  interface Window {
    __orreryGraph?: GraphDebugHook;
  }
}

export function installGraphDebugHook(engine: GraphEngine): () => void {
  const hook: GraphDebugHook = {
    nodeCount: () => engine.layout.agentCount,
    frameTimes: () => engine.frameTimes.list(),
    idle: () => engine.idle,
    nodes: () => {
      const box = engine.surface.getBoundingClientRect();
      return engine.layout.nodes.flatMap((node) => {
        if (node.agent === undefined) return [];
        const at = engine.toSurface(node);
        const parent = node.parent?.agent === undefined ? null : node.parent.id;
        return [{ id: node.id, parent, finished: node.agent.finished, clientX: box.left + at.x, clientY: box.top + at.y }];
      });
    },
  };
  window.__orreryGraph = hook;
  return () => {
    if (window.__orreryGraph === hook) delete window.__orreryGraph;
  };
}
