import { useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useApi } from '../api/api-context';
import { useFleetFeed } from '../agents/fleet-feed';
import { useNow } from '../agents/use-now';
import { useConnectionStore } from '../state/connection-store';
import { HistoryPlayer, REPLAY_SPEEDS, useReplayStore } from './history-player';
import './history-timeline.css';

/** The stored range is asked for again this often while live, so the slider reaches the newest events. */
const RANGE_REFRESH_MS = 5_000;

/** The graph above, the history timeline below it, sharing the graph's region. */
export function GraphWithTimeline({ children }: { children: ReactNode }) {
  return (
    <div className="history-stack">
      <div className="history-stack-graph">{children}</div>
      <HistoryTimeline />
    </div>
  );
}

/**
 * Drag to any moment of the stored history and the graph, list and counters show the fleet as it
 * was; play from there at 1×, 4× or 16×; Live returns to the live fleet.
 */
export function HistoryTimeline() {
  const api = useApi();
  const feed = useFleetFeed();
  const player = useMemo(() => new HistoryPlayer({ api, target: feed }), [api, feed]);
  const { mode, at, playing, speed, atEnd, range, seeking, error } = useReplayStore();
  const now = useNow();
  const connected = useConnectionStore((s) => s.status === 'connected');

  useEffect(() => {
    if (connected) void player.refreshRange();
  }, [player, connected]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (useReplayStore.getState().mode === 'live') void player.refreshRange();
    }, RANGE_REFRESH_MS);
    return () => {
      clearInterval(timer);
      player.dispose();
    };
  }, [player]);

  const first = range?.firstTs ?? null;
  const replaying = mode === 'replay';
  // Seeking between the newest stored event and now is allowed: the fleet then is the fleet now.
  const last = Math.max(now, range?.lastTs ?? 0);
  return (
    <section className={`history-timeline${replaying ? ' history-replaying' : ''}`} data-testid="history-timeline" aria-label="History">
      <span className="history-status" data-testid="replay-status" data-mode={mode} role="status">
        {replaying && at !== undefined ? `replaying ${formatMoment(at, now)}${seeking ? ' …' : ''}${atEnd ? ' (end of history)' : ''}` : 'live'}
      </span>
      {first === null ? (
        <span className="muted history-empty">{range === undefined ? '' : 'No history stored yet.'}</span>
      ) : (
        <>
          <button type="button" className="history-button" data-testid="history-play" aria-pressed={playing} disabled={!replaying} title={replaying ? undefined : 'Drag to a moment first'} onClick={() => (playing ? player.pause() : player.play())}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <span className="history-speeds" role="group" aria-label="Replay speed">
            {REPLAY_SPEEDS.map((option) => (
              <button key={option} type="button" className="history-button" data-testid={`history-speed-${option}`} aria-pressed={speed === option} onClick={() => player.setSpeed(option)}>
                {option}×
              </button>
            ))}
          </span>
          <input
            type="range"
            className="history-slider"
            data-testid="history-slider"
            aria-label="Moment to show"
            aria-valuetext={replaying && at !== undefined ? formatMoment(at, now) : 'live'}
            min={first}
            max={last}
            step={1_000}
            value={replaying && at !== undefined ? at : last}
            onPointerDown={() => void player.refreshRange()}
            onChange={(event) => player.seek(Math.min(Number(event.target.value), Date.now()))}
          />
          <button type="button" className="history-button history-live" data-testid="history-live" disabled={!replaying} onClick={() => player.live()}>
            Live
          </button>
        </>
      )}
      {error !== undefined && (
        <span className="history-error" role="alert" data-testid="history-error">
          {error}
        </span>
      )}
    </section>
  );
}

/** The time of day, and the date too when it is not today. */
function formatMoment(ts: number, now: number): string {
  const date = new Date(ts);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return date.toDateString() === new Date(now).toDateString() ? time : `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}
