// Ready scripts for the scripted model. Each decides its reply from the request alone (is there a
// tool result yet? is this the subagent?), so it answers the same however often the CLI asks.
// Where both CLIs can play a scenario, one script carries both sides: Claude Code's `Bash` tool
// and Codex's `exec_command` function.
import type { AnthropicReply, AnthropicRequest } from './anthropic';
import { exampleOf } from './json-schema-example';
import type { OpenAIReply, OpenAIRequest } from './openai';
import type { Script } from './server';

const say = (text: string, trickleMs?: number): AnthropicReply => ({ kind: 'message', content: [{ type: 'text', text }], trickleMs });
const reply = (text: string, trickleMs?: number): OpenAIReply => ({ kind: 'response', output: [{ type: 'message', text }], trickleMs });

const bashCall = (command: string, description: string): AnthropicReply => ({ kind: 'message', content: [{ type: 'text', text: `Running \`${command}\`.` }, { type: 'tool_use', name: 'Bash', input: { command, description } }] });
const execCommand = (cmd: string): OpenAIReply => ({
  kind: 'response',
  output: [
    { type: 'reasoning', summary: `Running \`${cmd}\` to answer.` },
    { type: 'function_call', name: 'exec_command', arguments: { cmd } },
  ],
});

/** (a) Answers with text at once. */
export function textAnswer(text = 'Hello from the scripted model.'): Script {
  return { name: 'text-answer', anthropic: () => say(text), openai: () => reply(text) };
}

/** The final answer quotes the command's output, so a test can see the real tool ran. */
export const answerAfterCommand = (output: string) => `The command printed: ${output.trim()}`;

/** Codex's exec_command output starts with a header (chunk id, wall time, exit code) before `Output:`. */
function execOutputText(output: string): string {
  const marker = output.lastIndexOf('Output:\n');
  return marker < 0 ? output : output.slice(marker + 'Output:\n'.length);
}

/** (b, h) Runs one shell command, then answers with what it printed. */
export function commandThenAnswer(command = 'echo scripted-tool-call-ok'): Script {
  return {
    name: 'command-then-answer',
    anthropic: (request) => {
      const result = request.toolResults[0];
      return result ? say(answerAfterCommand(result.text)) : bashCall(command, 'Print a marker');
    },
    openai: (request) => {
      const result = request.functionOutputs[0];
      return result ? reply(answerAfterCommand(execOutputText(result.output))) : execCommand(command);
    },
  };
}

export const SUBAGENT_PROMPT = 'Scripted subagent task: run one command and report what it printed.';
export const SUBAGENT_ANSWER_PREFIX = 'Subagent report:';

function isSubagent(request: AnthropicRequest): boolean {
  return request.firstUserText.includes(SUBAGENT_PROMPT);
}

function conversationMentions(request: AnthropicRequest, text: string): boolean {
  return (request.body.messages ?? []).some((message) => message.role === 'user' && JSON.stringify(message.content).includes(text));
}

/**
 * (c) The main agent starts a background subagent with the `Agent` tool (`Task` in stream-json);
 * the subagent runs one Bash command and reports; the main agent answers once notified.
 */
export function backgroundSubagent(command = 'echo scripted-subagent-ok'): Script {
  return {
    name: 'background-subagent',
    anthropic: (request) => {
      if (isSubagent(request)) {
        const result = request.toolResults[0];
        return result ? say(`${SUBAGENT_ANSWER_PREFIX} ${answerAfterCommand(result.text)}`) : bashCall(command, 'Print the subagent marker');
      }
      if (conversationMentions(request, SUBAGENT_ANSWER_PREFIX)) return say('The background subagent finished and reported its command output.');
      if (request.toolResults.length > 0) return say('A background subagent is working on it.');
      return {
        kind: 'message',
        content: [
          { type: 'text', text: 'Delegating to a background subagent.' },
          { type: 'tool_use', name: 'Agent', input: { description: 'Run one scripted command', prompt: SUBAGENT_PROMPT, subagent_type: 'general-purpose' } },
        ],
      };
    },
  };
}

/**
 * For resume: answers how many prompts the conversation holds, so a resumed run's answer shows
 * that the model was sent the earlier turns.
 */
export function promptCounter(): Script {
  const count = (prompts: readonly string[]) => `This conversation has ${prompts.length} prompt${prompts.length === 1 ? '' : 's'}.`;
  return { name: 'prompt-counter', anthropic: (request) => say(count(request.prompts)), openai: (request) => reply(count(request.prompts)) };
}

/** (d) A text answer whose tokens trickle in over `seconds`. */
export function slowStream(seconds = 5, words = 50): Script {
  const text = Array.from({ length: words }, (_, index) => `word${index + 1}`).join(' ');
  return { name: 'slow-stream', anthropic: () => say(text, seconds * 1000), openai: () => reply(text, seconds * 1000) };
}

/** A command that outlives any test and starts children of its own: for cancel and cleanup tests. */
export const LONG_COMMAND = "bash -c 'sleep 301 & sleep 302 & wait'";

/** (e) Runs LONG_COMMAND; the answer after it only comes if something ends the command. */
export function longCommand(): Script {
  const done = 'The long command ended.';
  return {
    name: 'long-command',
    anthropic: (request) => (request.toolResults.length > 0 ? say(done) : bashCall(LONG_COMMAND, 'Run two long sleeps')),
    openai: (request) => (request.functionOutputs.length > 0 ? reply(done) : execCommand(LONG_COMMAND)),
  };
}

/**
 * (f, h) The model fails: Claude Code gets an HTTP error (529 overloaded by default), Codex a
 * stream that ends in `response.failed`.
 */
export function failure(anthropic: AnthropicReply = { kind: 'http_error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' }, openai: OpenAIReply = { kind: 'failed', code: 'server_error', message: 'The scripted model failed this response.' }): Script {
  return { name: 'failure', anthropic: () => anthropic, openai: () => openai };
}

/**
 * (g) Claude Code's `--json-schema` adds a `StructuredOutput` tool whose input schema is that
 * schema, and insists until the model calls it. This calls it with `value`, or with an example
 * built from the schema, then ends the turn.
 */
export function structuredOutput(value?: unknown): Script {
  return {
    name: 'structured-output',
    anthropic: (request) => {
      if (request.toolResults.length > 0) return say('Returned the structured output.');
      const tool = request.body.tools?.find((candidate) => candidate.name === 'StructuredOutput');
      if (!tool) return say('No StructuredOutput tool was offered: the run did not ask for --json-schema.');
      return { kind: 'message', content: [{ type: 'tool_use', name: 'StructuredOutput', input: (value ?? exampleOf(tool.input_schema)) as Record<string, unknown> }] };
    },
  };
}
