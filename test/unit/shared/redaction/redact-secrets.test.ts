import { describe, expect, it } from 'vitest';
import { isSecretName, redactFields, redactSecrets } from '../../../../src-shared/redaction/redact-secrets.mjs';

describe('redactSecrets', () => {
  it.each([
    ['Anthropic key', 'ANTHROPIC=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', 'ANTHROPIC=[REDACTED]'],
    ['OpenAI key', 'echo sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz01', 'echo [REDACTED]'],
    ['GitHub token', 'gh auth login --with-token ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'gh auth login --with-token [REDACTED]'],
    ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop', '[REDACTED]'],
    ['Slack token', 'SLACK=xoxb-1234567890-abcdefghij', 'SLACK=[REDACTED]'],
    ['Google API key', 'key AIzaSyA1234567890abcdefghijklmnopqrstuv', 'key [REDACTED]'],
    ['Stripe key', 'stripe sk_live_51HxYzAbCdEfGhIjKlMn', 'stripe [REDACTED]'],
    ['npm token', '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', '//registry.npmjs.org/:_authToken=[REDACTED]'],
    ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt [REDACTED]'],
    ['bearer header', 'curl -H "Authorization: Bearer abc123def456ghi789" https://x.io', 'curl -H "Authorization: Bearer [REDACTED]" https://x.io'],
    ['basic header', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [REDACTED]'],
    ['AWS access key id', 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls', 'AWS_ACCESS_KEY_ID=[REDACTED] aws s3 ls'],
    ['AWS secret key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = [REDACTED]'],
    ['private key', 'printf "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----" > id', 'printf "[REDACTED] private key" > id'],
    ['truncated private key', 'key: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA', 'key: [REDACTED] private key'],
    ['env assignment', 'DATABASE_PASSWORD=hunter2 npm start', 'DATABASE_PASSWORD=[REDACTED] npm start'],
    ['export', 'export GITHUB_TOKEN="abc 123"; make', 'export GITHUB_TOKEN="[REDACTED]"; make'],
    ['camelCase JSON field', '{"apiKey":"abc123","region":"eu"}', '{"apiKey":"[REDACTED]","region":"eu"}'],
    ['escaped quote in JSON', '{"password":"hun\\"ter2"}', '{"password":"[REDACTED]"}'],
    ['YAML', 'client_secret: s3cr3t-value', 'client_secret: [REDACTED]'],
    ['header', 'X-Api-Key: 0123456789abcdef', 'X-Api-Key: [REDACTED]'],
    ['query parameter', 'https://api.example.com/v1?access_token=abc123&page=2', 'https://api.example.com/v1?access_token=[REDACTED]&page=2'],
    ['flag with space', 'mysql -u root --password s3cret db', 'mysql -u root --password [REDACTED] db'],
    ['flag with =', 'cli login --api-key=abc123', 'cli login --api-key=[REDACTED]'],
    ['URL credentials', 'git clone https://bob:p4ssw0rd@git.example.com/repo.git', 'git clone https://bob:[REDACTED]@git.example.com/repo.git'],
    ['database URL', 'postgres://app:S3cret!@db:5432/shop', 'postgres://app:[REDACTED]@db:5432/shop'],
  ])('redacts a %s', (_kind, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    'Fix the password reset flow; the API key is rotated monthly',
    'Read src/auth/token-store.ts and src/api/keys.ts',
    'max_tokens=4096 temperature=0.2 author: Jane',
    'grep -rn "apiKey" src/',
    'npm test -- --reporter=dot --token-count',
    'curl --anyauth https://example.com/status',
    'http://localhost:3000/users?page=2&sort=name',
    'At 12:30:45 the build finished: 3 warnings',
    'API_KEY=$API_KEY node server.js',
    'const token = process.env.GITHUB_TOKEN',
    'password = getPassword()',
    'token: ${{ secrets.NPM_TOKEN }}',
    'git commit -m "rotate keys, update secrets docs"',
    'The monkey pressed the hotkey: ctrl+k',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redactSecrets('TOKEN=abc GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a');
    expect(once).toBe('TOKEN=[REDACTED] GITHUB_TOKEN=[REDACTED]');
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('isSecretName', () => {
  it.each(['password', 'DB_PASSWORD', 'apiKey', 'api-key', 'GITHUB_TOKEN', 'accessToken', 'client_secret', 'AWS_SECRET_ACCESS_KEY', 'passwd', 'credentials'])('%s is secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['max_tokens', 'author', 'token_count', 'keyboard', 'primaryKey', 'username', 'path'])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('redactFields', () => {
  it('redacts values under secret keys and secrets inside any string, deeply, returning a copy', () => {
    const input = { tool: 'Bash', extra: { password: 'x', list: ['Bearer abcdefghijkl', 'plain'] }, count: 3, ok: true, none: null };
    expect(redactFields(input)).toEqual({ tool: 'Bash', extra: { password: '[REDACTED]', list: ['Bearer [REDACTED]', 'plain'] }, count: 3, ok: true, none: null });
    expect(input.extra.password).toBe('x');
  });
});
