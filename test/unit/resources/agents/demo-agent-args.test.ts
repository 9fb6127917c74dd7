import { describe, expect, it } from 'vitest';
import { parseDemoAgentArgs } from '../../../../resources/agents/demo-agent-args.mjs';

const base = ['-p', 'Fix the parser', '--output-format', 'stream-json', '--verbose'];

describe('parseDemoAgentArgs', () => {
  it('reads the command line the runs layer builds for claude', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const parsed = parseDemoAgentArgs([...base, '--model', 'sonnet', '--session-id', '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '--max-turns', '3', '--max-budget-usd=0.5', '--json-schema', JSON.stringify(schema), '--effort', 'high', '--allowedTools', 'Bash', 'Task', '--permission-mode', 'acceptEdits']);
    expect(parsed).toEqual({
      ok: true,
      warnings: [],
      args: {
        prompt: 'Fix the parser',
        outputFormat: 'stream-json',
        model: 'sonnet',
        resume: undefined,
        sessionId: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        forkSession: false,
        persistSession: true,
        maxTurns: 3,
        maxBudgetUsd: 0.5,
        jsonSchema: schema,
        effort: 'high',
        permissionMode: 'acceptEdits',
      },
    });
  });

  it('takes the prompt wherever it stands, and -r / --print / --dangerously-skip-permissions as claude does', () => {
    const parsed = parseDemoAgentArgs(['--print', '--output-format', 'json', '-r', 'abc', 'Continue', '--dangerously-skip-permissions', '--no-session-persistence']);
    expect(parsed).toMatchObject({ ok: true, args: { prompt: 'Continue', outputFormat: 'json', resume: 'abc', permissionMode: 'bypassPermissions', persistSession: false } });
  });

  it('treats --max-turns 0 as no limit, as the real CLI does', () => {
    expect(parseDemoAgentArgs([...base, '--max-turns', '0'])).toMatchObject({ ok: true, args: { maxTurns: undefined } });
  });

  it('warns about an unknown --effort and goes on', () => {
    expect(parseDemoAgentArgs([...base, '--effort', 'extreme'])).toMatchObject({ ok: true, args: { effort: undefined }, warnings: [expect.stringContaining("Unknown --effort value 'extreme'")] });
  });

  it.each([
    ['an unknown option', [...base, '--frobnicate'], "error: unknown option '--frobnicate'"],
    ['no -p', ['Fix it', '--output-format', 'stream-json'], 'pass -p'],
    ['no prompt', ['-p', '--verbose'], 'Input must be provided'],
    ['two prompts', ['-p', 'one', 'two'], 'too many arguments'],
    ['a missing value', [...base, '--model'], "option '--model' argument missing"],
    ['an unknown output format', ['-p', 'x', '--output-format', 'yaml'], "argument 'yaml' is invalid"],
    ['a session id that is not a UUID', [...base, '--session-id', 'nope'], 'Invalid session ID. Must be a valid UUID.'],
    ['--session-id with --resume', [...base, '--resume', 'a', '--session-id', '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'], '--session-id with --continue or --resume also needs --fork-session.'],
    ['a --max-turns that is not a number', [...base, '--max-turns', 'abc'], "option '--max-turns <turns>' argument 'abc' is invalid. must be a number"],
    ['a budget that is not positive', [...base, '--max-budget-usd', '-1'], '--max-budget-usd must be a number greater than 0'],
    ['a --json-schema that is not JSON', [...base, '--json-schema', '{bad'], '--json-schema is not valid JSON'],
    ['a --json-schema that is not an object schema', [...base, '--json-schema', '{"type":"array"}'], '--json-schema must describe an object'],
    ['an unknown permission mode', [...base, '--permission-mode', 'yolo'], "argument 'yolo' is invalid"],
  ])('refuses %s with a clear message', (_what, argv, message) => {
    const parsed = parseDemoAgentArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(message);
  });
});
