/** Flags shared by every entry point (desktop, headless, CLI). */
export interface CommonFlags {
  home?: string;
  port?: number;
  journals: string[];
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
      default:
        // Electron passes the app path and Chromium switches through argv; those are not ours to reject.
        if (!arg.startsWith('--') || isChromiumSwitch(arg)) continue;
        throw new UsageError(`unknown option ${name}`);
    }
  }
  return flags;
}

const CHROMIUM_SWITCH_PREFIXES = ['--no-sandbox', '--inspect', '--remote-debugging', '--enable-', '--disable-', '--ozone', '--user-data-dir', '--allow-'];

function isChromiumSwitch(arg: string): boolean {
  return CHROMIUM_SWITCH_PREFIXES.some((prefix) => arg.startsWith(prefix));
}
