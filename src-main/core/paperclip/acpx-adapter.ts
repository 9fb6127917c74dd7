// Paperclip's `claude_local` and `codex_local` adapters run the CLI through the Agent Client
// Protocol by default (engine `acp`; `cli` prints the CLI's own JSON instead), and their log then
// holds Paperclip's `acpx.*` lines (seen on paperclipai 2026.916.1):
//
// | acpx line                                   | events                                    | transcript                 |
// |---------------------------------------------|-------------------------------------------|----------------------------|
// | acpx.session {sessionId, model, agent}      | —                                         | dim session line           |
// | acpx.text_delta {text, channel}             | —                                         | the text, once a line ends |
// | acpx.tool_call, first of its toolCallId     | tool_use (the tool's kind: Terminal, …)   | —                          |
// | acpx.tool_call update with a title          | —                                         | ▸ Kind  title              |
// | acpx.tool_call status completed / failed    | tool_result                               | ✓ / ✗ and its output       |
// | acpx.status with cost {amount}              | usage: the cost since the last one        | —                          |
// | acpx.result {stopReason}                    | —                                         | a notice unless end_turn   |
//
// Anything else is a dim line; the run's own spawn and end belong to the Paperclip watcher.
import type { AgentOutcome } from '../../../src-shared/events/event-schema';
import type { AdapterStep, AgentOutputAdapter, RunFacts } from '../runs/adapters/agent-output-adapter';
import { asAmount, asObject, asString, parseJsonObject } from '../runs/adapters/json-fields';
import type { JsonObject } from '../runs/adapters/json-fields';
import { JsonLinesAdapter } from '../runs/adapters/json-lines-adapter';
import { noTokens } from '../runs/adapters/run-events';
import { assistantText, dimText, notice, oneLine, toolCall, toolResult } from '../runs/adapters/transcript-format';

const TITLE_MAX_CHARS = 160;
/** `tool call (completed): ```console\n…\n```` → the output inside. */
const RESULT_PREFIX = /^[^:]*\((?:completed|failed)\):\s*/;
const FENCE = /^```[a-z]*\n?|\n?```$/g;

interface AcpTool {
  kind: string;
  title: string | undefined;
  shown: boolean;
}

export function isAcpxLine(line: string): boolean {
  return line.startsWith('{"type":"acpx.');
}

export class AcpxAdapter extends JsonLinesAdapter {
  readonly facts: RunFacts = { tokens: noTokens(), costUsd: 0, costEstimated: false };
  private readonly tools = new Map<string, AcpTool>();
  private text = '';
  private textChannel: string | undefined;

  protected handle(message: JsonObject, step: AdapterStep): boolean {
    const type = asString(message.type) ?? '';
    if (type !== 'acpx.text_delta') this.flushText(step);
    switch (type) {
      case 'acpx.session': {
        const sessionId = asString(message.sessionId);
        const model = asString(message.model);
        if (sessionId !== undefined) this.facts.sessionId = sessionId;
        if (model !== undefined) this.facts.model = model;
        step.transcript += dimText(['session', sessionId, model, asString(message.agent) && `${asString(message.agent)} via ACP`].filter(Boolean).join(' · '));
        return true;
      }
      case 'acpx.text_delta': {
        const channel = asString(message.channel) ?? 'output';
        if (channel !== this.textChannel) this.flushText(step);
        this.textChannel = channel;
        this.text += asString(message.text) ?? '';
        return true;
      }
      case 'acpx.tool_call':
        this.toolCall(message, step);
        return true;
      case 'acpx.status': {
        const cost = asAmount(asObject(message.cost)?.amount);
        if (cost !== undefined && cost > this.facts.costUsd) {
          step.events.push(this.events.usage(this.ctx.agentId, noTokens(), cost - this.facts.costUsd));
          this.facts.costUsd = cost;
        }
        return true;
      }
      case 'acpx.result': {
        const stopReason = asString(message.stopReason);
        if (stopReason !== undefined && stopReason !== 'end_turn') step.transcript += notice('warn', `stopped: ${stopReason}${asString(message.message) ? ` (${asString(message.message)})` : ''}`);
        return true;
      }
      default:
        return false;
    }
  }

  protected endRun(_outcome: AgentOutcome, _reason: string | undefined, step: AdapterStep): void {
    this.flushText(step);
  }

  private toolCall(message: JsonObject, step: AdapterStep): void {
    const id = asString(message.toolCallId);
    const name = asString(message.name) ?? 'tool';
    if (id === undefined) return;
    let tool = this.tools.get(id);
    if (tool === undefined) {
      tool = { kind: name, title: undefined, shown: false };
      this.tools.set(id, tool);
      step.events.push(this.events.toolUse(this.ctx.agentId, name, id, ''));
    } else if (name !== tool.kind && name !== 'tool call' && tool.title === undefined) {
      // ACP sends the call's kind first, then a title for it (the command, the file).
      tool.title = oneLine(name, TITLE_MAX_CHARS);
    }
    const status = asString(message.status);
    if (!tool.shown && (tool.title !== undefined || status === 'completed' || status === 'failed')) {
      step.transcript += toolCall(tool.kind, tool.title ?? '');
      tool.shown = true;
    }
    if (status !== 'completed' && status !== 'failed') return;
    const output = (asString(message.text) ?? '').replace(RESULT_PREFIX, '').replace(FENCE, '');
    const ok = status === 'completed';
    step.transcript += toolResult(ok, output);
    const result = this.events.toolResult(id, ok, ok ? undefined : oneLine(output, 300));
    if (result !== undefined) step.events.push(result);
    this.tools.delete(id);
  }

  private flushText(step: AdapterStep): void {
    if (this.text === '') return;
    step.transcript += this.textChannel === 'output' ? assistantText(this.text) : dimText(this.text);
    this.text = '';
  }
}

/**
 * A `claude_local` / `codex_local` run prints either Paperclip's acpx lines or the CLI's own JSON,
 * depending on its engine; the first JSON line tells which, and that adapter reads the rest.
 */
export class EngineRoutingAdapter implements AgentOutputAdapter {
  private engine: AgentOutputAdapter | undefined;
  private readonly cli: AgentOutputAdapter;
  private readonly acpx: AgentOutputAdapter;

  constructor(cli: AgentOutputAdapter, acpx: AgentOutputAdapter) {
    this.cli = cli;
    this.acpx = acpx;
  }

  get facts(): RunFacts {
    return (this.engine ?? this.cli).facts;
  }

  stdoutLine(line: string): AdapterStep {
    if (this.engine === undefined && parseJsonObject(line) !== undefined) this.engine = isAcpxLine(line) ? this.acpx : this.cli;
    return (this.engine ?? this.cli).stdoutLine(line);
  }

  stderrText(text: string): AdapterStep {
    return (this.engine ?? this.cli).stderrText(text);
  }

  finish(outcome: AgentOutcome, reason?: string): AdapterStep {
    return (this.engine ?? this.cli).finish(outcome, reason);
  }
}
