import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../src-shared/redaction/redact-secrets.mjs';

// What agent output (tool inputs, commands, transcripts) holds in practice: one redactor serves the
// hook, the CLI and the runs layer, so a secret is judged the same wherever it is written.
const SECRET_TEXT = [
  'ANTHROPIC_API_KEY=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv claude -p hi',
  'echo sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz01',
  'gh auth login --with-token ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'curl -H "Authorization: Bearer abc123def456ghi789" https://x.io',
  'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'printf "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----" > id',
  'mysql -u root --password s3cret db',
  'psql postgres://app:S3cret!@db:5432/shop',
  '{"apiKey":"abc123","region":"eu"}',
  'https://api.example.com/v1?access_token=abc123&page=2',
  'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  'password=hunter2',
];
const ORDINARY_TEXT = [
  'Fix the password reset flow; the API key is rotated monthly',
  'max_tokens=4096 temperature=0.2 author: Jane',
  'API_KEY=$API_KEY node server.js',
  'The monkey pressed the hotkey: ctrl+k',
  'npm test -- --reporter=dot',
  'src/core/runs/adapters/claude-stream-adapter.ts',
];

describe('secrets in agent output', () => {
  it.each(SECRET_TEXT)('redacts: %s', (text) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toBe(text);
    expect(redacted).toContain('[REDACTED]');
  });

  it.each(ORDINARY_TEXT)('leaves ordinary text alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
