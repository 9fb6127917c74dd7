import variant from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import type { QuickJSContext } from 'quickjs-emscripten-core';

export interface SyntaxProblem {
  line?: number;
  reason: string;
}

/** Compiles a workflow's sandbox code without running it; the problem, if it does not parse. */
export type SyntaxCheck = (code: string, file: string) => SyntaxProblem | undefined;

/** Parsing needs far less stack than running; this keeps a pathological file from reaching Node's own limit. */
const PARSE_STACK_BYTES = 128 * 1024;
const PARSE_MEMORY_BYTES = 64 * 1024 * 1024;

let shared: Promise<QuickJSContext> | undefined;

function parserContext(): Promise<QuickJSContext> {
  shared ??= newQuickJSWASMModuleFromVariant(variant).then((quickjs) => {
    const runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(PARSE_MEMORY_BYTES);
    runtime.setMaxStackSize(PARSE_STACK_BYTES);
    return runtime.newContext();
  });
  return shared;
}

/**
 * The same parser the sandbox runs (QuickJS), so a file listed as fine parses in the sandbox too.
 * It only compiles, on the main thread: nothing of the file runs here.
 */
export async function loadSyntaxCheck(): Promise<SyntaxCheck> {
  const ctx = await parserContext();
  return (code, file) => {
    let compiled;
    try {
      compiled = ctx.evalCode(code, file, { type: 'global', strict: true, compileOnly: true });
    } catch (error) {
      // Node's own stack gave out inside the parser: its state cannot be trusted any more.
      shared = undefined;
      return { reason: `the file cannot be parsed (${(error as Error).message})` };
    }
    if (compiled.error === undefined) {
      compiled.value.dispose();
      return undefined;
    }
    const dumped = ctx.dump(compiled.error) as { name?: string; message?: string; lineNumber?: number } | string;
    compiled.error.dispose();
    if (typeof dumped !== 'object' || dumped === null) return { reason: String(dumped) };
    const reason = `${dumped.name ?? 'SyntaxError'}: ${dumped.message ?? 'the file does not parse'}`;
    return typeof dumped.lineNumber === 'number' ? { line: dumped.lineNumber, reason } : { reason };
  };
}
