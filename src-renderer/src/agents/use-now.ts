import { useEffect, useState } from 'react';

/** The wall clock, re-read every `intervalMs`, for ages and runtimes that tick on their own. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
