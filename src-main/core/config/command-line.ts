/** Flags shared by every entry point (desktop, headless, CLI). */
export interface CommonFlags {
  home?: string;
  port?: number;
  journals: string[];
  /** Paperclip servers to watch for this start (`--paperclip <url>`, repeatable); absent when none. */
  paperclip?: string[];
}

export class UsageError extends Error {}

/**
 * A deliberately tiny parser: the entry points take a handful of flags, and a dependency
 * would cost more than it saves. Unknown flags are an error so typos never pass silently.
 */
export function parseCommonFlags(argv: readonly string[]): CommonFlags {
  const flags: CommonFlags = { journals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--home':
        flags.home = value();
        break;
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new UsageError(`--port must be an integer from 0 to 65535, got "${raw}"`);
        }
        flags.port = port;
        break;
      }
      case '--journal':
        flags.journals.push(value());
        break;
      case '--paperclip': {
        const url = value();
        if (!isHttpUrl(url)) throw new UsageError(`--paperclip needs an http:// or https:// URL such as http://127.0.0.1:3100, got "${url}"`);
        (flags.paperclip ??= []).push(url);
        break;
      }
      default:
        // Electron passes the app path and Chromium switches through argv; those are not ours to reject.
        if (!arg.startsWith('--') || isChromiumSwitch(arg)) continue;
        throw new UsageError(`unknown option ${name}`);
    }
  }
  return flags;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const CHROMIUM_SWITCH_PREFIXES = ['--no-sandbox', '--inspect', '--remote-debugging', '--enable-', '--disable-', '--ozone', '--user-data-dir', '--allow-'];

function isChromiumSwitch(arg: string): boolean {
  return CHROMIUM_SWITCH_PREFIXES.some((prefix) => arg.startsWith(prefix));
}
