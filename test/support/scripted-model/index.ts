export { startScriptedModel, type RecordedRequest, type Script, type ScriptedModel } from './server';
export type { AnthropicBlock, AnthropicReply, AnthropicRequest, ToolResult } from './anthropic';
export type { FunctionOutput, OpenAIItem, OpenAIReply, OpenAIRequest } from './openai';
export * from './scripts';
