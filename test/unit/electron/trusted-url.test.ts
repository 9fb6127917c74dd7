import { describe, expect, it } from 'vitest';
import { isTrustedUrl } from '../../../src-main/electron/trusted-url';

const FILE_RENDERER = 'file:///opt/orrery/out/renderer/index.html';
const DEV_RENDERER = 'http://localhost:5173/';

describe('isTrustedUrl (who may speak on the IPC channel)', () => {
  it('accepts our own page, with or without a query or hash', () => {
    expect(isTrustedUrl(FILE_RENDERER, FILE_RENDERER)).toBe(true);
    expect(isTrustedUrl(`${FILE_RENDERER}?x=1#terminals`, FILE_RENDERER)).toBe(true);
    expect(isTrustedUrl('http://localhost:5173/', DEV_RENDERER)).toBe(true);
  });

  it('refuses other files, other hosts, other schemes and garbage', () => {
    for (const url of [
      'file:///tmp/evil.html',
      'file:///opt/orrery/out/renderer/other.html',
      'https://example.com/out/renderer/index.html',
      'http://localhost:5174/',
      'http://127.0.0.1:5173/',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isTrustedUrl(url, url.startsWith('http') ? DEV_RENDERER : FILE_RENDERER), url).toBe(false);
    }
  });
});
