import { create } from 'zustand';

export interface HoveredAgent {
  id: string;
  /** CSS pixels from the graph canvas's top-left corner. */
  x: number;
  y: number;
}

interface FleetSelection {
  /** The agent whose details panel is open. */
  selectedId: string | undefined;
  hovered: HoveredAgent | undefined;
}

export const useFleetSelection = create<FleetSelection>(() => ({ selectedId: undefined, hovered: undefined }));

export function selectAgent(id: string | undefined): void {
  useFleetSelection.setState({ selectedId: id });
}

export function hoverAgent(hovered: HoveredAgent | undefined): void {
  const current = useFleetSelection.getState().hovered;
  if (current === hovered || (current?.id === hovered?.id && current?.x === hovered?.x && current?.y === hovered?.y)) return;
  useFleetSelection.setState({ hovered });
}
