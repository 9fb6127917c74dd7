/**
 * Pages we load ourselves; anything else is foreign and gets no api, no navigation, no windows.
 * Same scheme, host and path as our renderer: a query or hash is ours to use, another file is not.
 */
export function isTrustedUrl(url: string, rendererUrl: string): boolean {
  try {
    const candidate = new URL(url);
    const expected = new URL(rendererUrl);
    return candidate.protocol === expected.protocol && candidate.host === expected.host && candidate.pathname === expected.pathname;
  } catch {
    return false;
  }
}
