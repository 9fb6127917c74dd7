// @ts-check
/**
 * Strips secrets from text before it reaches a journal, a transcript or the database. Journals
 * and transcripts are plain files that Orrery stores and shows, so a token pasted into a Bash
 * command must not survive the trip. One redactor for the hook, the CLI and the runs layer.
 *
 * Plain JavaScript and dependency-free on purpose: the Claude Code hook imports it on every tool
 * call, under whatever `node` the user has. Patterns are deliberately specific (known token shapes, secret-ish names
 * followed by `=` or `:`) so ordinary prose and code pass through unchanged.
 */

export const REDACTED = '[REDACTED]';

/** A PEM private key block; an unterminated one (cut off by truncation) is removed to the end. */
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** `Authorization: Bearer …`, `curl -H "Authorization: Basic …"`, `token ghp_…` headers. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token|Digest)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/** `scheme://user:password@host`: the user name stays, it helps reading and is rarely secret. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi;

/** Token formats that are secret wherever they appear, whatever they are assigned to. */
const KNOWN_TOKENS = new RegExp(
  [
    'sk-ant-[A-Za-z0-9_-]{16,}', // Anthropic
    'sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}', // OpenAI
    'gh[pousr]_[A-Za-z0-9]{20,}', // GitHub tokens
    'github_pat_[A-Za-z0-9_]{20,}',
    'glpat-[A-Za-z0-9_-]{20,}', // GitLab
    'xox[abposr]-[A-Za-z0-9-]{10,}', // Slack
    'AIza[0-9A-Za-z_-]{35}', // Google API keys
    'npm_[A-Za-z0-9]{36}',
    '[rs]k_(?:live|test)_[A-Za-z0-9]{16,}', // Stripe
    '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}', // AWS access key ids
    'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}', // JWTs
  ]
    .map((pattern) => `\\b${pattern}`)
    .join('|'),
  'g',
);

/**
 * Words a secret's name ends with: `GITHUB_TOKEN`, `apiKey`, `db-password`, `client_secret`.
 * Only the end counts, so `max_tokens`, `author` or `token_count` are not secret names.
 */
const SECRET_NAME_WORDS = '(?:secret|token|passw(?:or)?d|pwd|passphrase|credentials?|auth|apikey|(?:api|access|secret|private|auth|client|signing|encryption|master|session)[_-]?key)';
const SECRET_NAME_END = new RegExp(`${SECRET_NAME_WORDS}$`);

/** A value up to the next separator; an already redacted one is taken whole so it stays as is. */
const VALUE = `(\\[REDACTED\\]|"(?:[^"\\\\\\n]|\\\\.)*"|'[^'\\n]*'|[^\\s"',;&|)}\\]]+)`;
/** `NAME=value`, `NAME: value`, `"name": "value"`, `url?api_key=…`. */
const ASSIGNMENT = new RegExp(`(?<![A-Za-z0-9_.-])(["']?)([A-Za-z0-9_.-]*${SECRET_NAME_WORDS})\\1(\\s*[=:]\\s*)${VALUE}`, 'gi');
/** `--password hunter2`, `--api-key=…`; whole words only, so `curl --anyauth URL` keeps its URL. */
const FLAG = new RegExp(`(?<![A-Za-z0-9_-])(--?)((?:[A-Za-z0-9]+-)*${SECRET_NAME_WORDS})([= ])${VALUE}`, 'gi');

/** @param {string} name */
export function isSecretName(name) {
  // Separators and camelCase humps are equivalent: apiKey, API_KEY and api-key all end in api_key.
  const normalised = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[-.]/g, '_');
  return SECRET_NAME_END.test(normalised);
}

/** @param {string} value */
function isPlaceholder(value) {
  const bare = value.replace(/^["']|["']$/g, '');
  // A reference to a secret is not the secret: `API_KEY=$API_KEY`, `token: ${{ secrets.X }}`,
  // `const token = process.env.TOKEN`, `password = getPassword(`.
  return bare === '' || bare === REDACTED || /^(?:\$|<|\*{3}|process\.env\b|os\.environ\b)/.test(bare) || /^[A-Za-z_$][\w$.]*\($/.test(bare);
}

/** @param {string} value */
function redactQuoted(value) {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${quote}${REDACTED}${quote}`;
}

/**
 * Cheap pre-check: text with none of these cannot match any pattern above, and most agent output
 * (prose, code, file listings) has none, so it skips the regex passes.
 */
const MIGHT_HOLD_SECRET = /secret|token|passw|pwd|passphrase|credential|auth|key|bearer|basic|digest|:\/\/|sk-|gh[pousr]_|github_pat|glpat|xox|aiza|npm_|k_live|k_test|akia|asia|abia|acca|eyj|private/i;

/**
 * @param {string} text
 * @returns {string}
 */
export function redactSecrets(text) {
  if (!MIGHT_HOLD_SECRET.test(text)) return text;
  return text
    .replace(PRIVATE_KEY_BLOCK, `${REDACTED} private key`)
    .replace(AUTH_SCHEME, (_match, scheme, space) => `${scheme}${space}${REDACTED}`)
    .replace(URL_CREDENTIALS, (_match, scheme, user) => `${scheme}${user}:${REDACTED}@`)
    .replace(KNOWN_TOKENS, REDACTED)
    .replace(ASSIGNMENT, (match, quote, name, separator, value) =>
      isPlaceholder(value) ? match : `${quote}${name}${quote}${separator}${redactQuoted(value)}`,
    )
    .replace(FLAG, (match, dashes, name, separator, value) =>
      isPlaceholder(value) || value.startsWith('-') ? match : `${dashes}${name}${separator}${redactQuoted(value)}`,
    );
}

/**
 * Redacts every string inside a JSON-like value, and replaces whole values stored under
 * secret-ish keys (`{"password": "…"}`), returning a copy.
 * @param {unknown} value
 * @returns {unknown}
 */
export function redactFields(value) {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactFields);
  if (value === null || typeof value !== 'object') return value;
  /** @type {Record<string, unknown>} */
  const copy = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = typeof field === 'string' && isSecretName(key) && !isPlaceholder(field) ? REDACTED : redactFields(field);
  }
  return copy;
}
