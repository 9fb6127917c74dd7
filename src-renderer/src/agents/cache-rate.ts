/**
 * How much of an agent's input came from the prompt cache: cache read / (cache read + uncached
 * input). `tokensIn` is the uncached input (cache reads and writes are counted apart, as the
 * providers bill them), so a well-cached session approaches 1.
 */
export function cacheHitRate(cacheRead: number, uncachedInput: number): number | undefined {
  const input = cacheRead + uncachedInput;
  return input > 0 ? cacheRead / input : undefined;
}

/** good ≥ 60 %, fair 30–59 %, poor < 30 %. */
export type CacheRateLevel = 'good' | 'fair' | 'poor';

export function cacheRateLevel(rate: number): CacheRateLevel {
  // Judged on the whole percent shown, so "59 %" is never green and "60 %" never yellow.
  const percent = Math.floor(rate * 100);
  if (percent >= 60) return 'good';
  return percent >= 30 ? 'fair' : 'poor';
}

export function formatCacheRate(rate: number): string {
  return `${Math.floor(rate * 100)} %`;
}
