/**
 * One policy for every way the renderer is served: injected as a meta tag at build time
 * (covers file:// in Electron), and sent as a header by the Electron session and the headless host.
 * 'unsafe-inline' for styles only: xterm and React set inline style attributes; no inline script runs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
