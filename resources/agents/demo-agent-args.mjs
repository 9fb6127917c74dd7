// @ts-check
/**
 * The demo agent's command line: the headless subset of Claude Code's, with its error messages,
 * so a launcher that builds a `claude` command line can run the demo with the same argv.
 */

/**
 * @typedef {{
 *   prompt: string,
 *   outputFormat: 'text' | 'json' | 'stream-json',
 *   model: string | undefined,
 *   resume: string | undefined,
 *   sessionId: string | undefined,
 *   forkSession: boolean,
 *   persistSession: boolean,
 *   maxTurns: number | undefined,
 *   maxBudgetUsd: number | undefined,
 *   jsonSchema: Record<string, unknown> | undefined,
 *   effort: string | undefined,
 *   permissionMode: string,
 * }} DemoAgentArgs
 * @typedef {{ ok: true, args: DemoAgentArgs, warnings: string[] } | { ok: false, error: string }} ParsedArgs
 */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OUTPUT_FORMATS = ['text', 'json', 'stream-json'];
const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];
const PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'];

/** Options that take one value; the demo acts on some and accepts the rest so real command lines run. */
const VALUE_OPTIONS = new Set(['--output-format', '--model', '--resume', '-r', '--session-id', '--max-turns', '--max-budget-usd', '--json-schema', '--effort', '--permission-mode', '--settings', '--append-system-prompt', '--system-prompt', '--fallback-model', '--name', '--input-format', '--agents', '--setting-sources']);
/** Options that take values up to the next option, like commander's variadic options in the real CLI. */
const LIST_OPTIONS = new Set(['--allowedTools', '--allowed-tools', '--disallowedTools', '--disallowed-tools', '--add-dir', '--mcp-config', '--tools']);
const FLAGS = new Set(['-p', '--print', '--verbose', '--dangerously-skip-permissions', '--include-partial-messages', '--fork-session', '--no-session-persistence', '--include-hook-events', '--strict-mcp-config', '--replay-user-messages']);

/**
 * @param {string[]} argv the arguments after the script
 * @returns {ParsedArgs}
 */
export function parseDemoAgentArgs(argv) {
  /** @type {Map<string, string>} */
  const values = new Map();
  /** @type {Set<string>} */
  const flags = new Set();
  /** @type {string[]} */
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!arg.startsWith('-') || arg === '-') positionals.push(arg);
    else if (FLAGS.has(name)) flags.add(name === '--print' ? '-p' : name);
    else if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return { ok: false, error: `error: option '${name}' argument missing` };
      values.set(name === '-r' ? '--resume' : name, value);
    } else if (LIST_OPTIONS.has(name)) {
      if (eq < 0) while (argv[i + 1] !== undefined && !String(argv[i + 1]).startsWith('-')) i++;
    } else return { ok: false, error: `error: unknown option '${name}'` };
  }
  if (!flags.has('-p')) return { ok: false, error: 'Error: the demo agent runs headless only: pass -p (--print) and the prompt' };
  if (positionals.length > 1) return { ok: false, error: `error: too many arguments. Expected 1 argument but got ${positionals.length}.` };
  const prompt = positionals[0];
  if (prompt === undefined || prompt.trim() === '') return { ok: false, error: 'Error: Input must be provided either through stdin or as a prompt argument when using --print' };

  const outputFormat = values.get('--output-format') ?? 'text';
  if (!OUTPUT_FORMATS.includes(outputFormat)) return { ok: false, error: `error: option '--output-format <format>' argument '${outputFormat}' is invalid. Allowed choices are ${OUTPUT_FORMATS.join(', ')}.` };
  /** @type {string[]} */
  const warnings = [];
  const requestedEffort = values.get('--effort');
  const effort = requestedEffort === undefined || EFFORTS.includes(requestedEffort) ? requestedEffort : undefined;
  if (requestedEffort !== effort) warnings.push(`Warning: Unknown --effort value '${requestedEffort}' — ignoring it and using the default effort. Valid values: ${EFFORTS.join(', ')}.`);
  const permissionMode = flags.has('--dangerously-skip-permissions') ? 'bypassPermissions' : values.get('--permission-mode') ?? 'default';
  if (!PERMISSION_MODES.includes(permissionMode)) return { ok: false, error: `error: option '--permission-mode <mode>' argument '${permissionMode}' is invalid. Allowed choices are ${PERMISSION_MODES.join(', ')}.` };

  const sessionId = values.get('--session-id');
  if (sessionId !== undefined && !UUID_RE.test(sessionId)) return { ok: false, error: 'Error: Invalid session ID. Must be a valid UUID.' };
  const resume = values.get('--resume');
  if (resume !== undefined && sessionId !== undefined && !flags.has('--fork-session')) {
    return { ok: false, error: 'Error: --session-id with --continue or --resume also needs --fork-session.' };
  }

  const maxTurns = numberOption(values, '--max-turns', '<turns>');
  if (typeof maxTurns === 'string') return { ok: false, error: maxTurns };
  const maxBudgetUsd = numberOption(values, '--max-budget-usd', '<amount>');
  if (typeof maxBudgetUsd === 'string') return { ok: false, error: maxBudgetUsd };
  if (maxBudgetUsd !== undefined && maxBudgetUsd <= 0) {
    return { ok: false, error: `error: option '--max-budget-usd <amount>' argument '${values.get('--max-budget-usd')}' is invalid. --max-budget-usd must be a number greater than 0` };
  }

  const schema = jsonSchemaOption(values.get('--json-schema'));
  if (typeof schema === 'string') return { ok: false, error: schema };

  return {
    ok: true,
    args: {
      prompt,
      outputFormat: /** @type {DemoAgentArgs['outputFormat']} */ (outputFormat),
      model: values.get('--model'),
      resume,
      sessionId,
      forkSession: flags.has('--fork-session'),
      persistSession: !flags.has('--no-session-persistence'),
      maxTurns: maxTurns !== undefined && maxTurns > 0 ? Math.floor(maxTurns) : undefined,
      maxBudgetUsd,
      jsonSchema: schema,
      effort,
      permissionMode,
    },
    warnings,
  };
}

/**
 * @param {Map<string, string>} values
 * @param {string} name
 * @param {string} placeholder
 * @returns {number | string | undefined} the number, or the error message
 */
function numberOption(values, name, placeholder) {
  const raw = values.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return raw.trim() !== '' && Number.isFinite(value) ? value : `error: option '${name} ${placeholder}' argument '${raw}' is invalid. must be a number`;
}

/**
 * @param {string | undefined} raw
 * @returns {Record<string, unknown> | string | undefined} the schema, or the error message
 */
function jsonSchemaOption(raw) {
  if (raw === undefined) return undefined;
  /** @type {unknown} */
  let schema;
  try {
    schema = JSON.parse(raw);
  } catch (error) {
    return `Error: --json-schema is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const isObjectSchema = typeof schema === 'object' && schema !== null && !Array.isArray(schema) && (/** @type {Record<string, unknown>} */ (schema).type === 'object' || 'properties' in schema);
  if (!isObjectSchema) return 'Error: --json-schema must describe an object: give it "type": "object" (structured output is a JSON object)';
  return /** @type {Record<string, unknown>} */ (schema);
}
