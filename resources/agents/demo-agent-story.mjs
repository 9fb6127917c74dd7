// @ts-check
/**
 * What the demo agent says and does for a prompt: a plausible coding-agent session built from the
 * prompt's own words, the same every time for the same prompt (seeded). Only content lives here;
 * demo-agent.mjs plays it against the clock and prints it in Claude Code's stream-json.
 */
import { basename, join } from 'node:path';
import { seededRandom } from '../demo/seeded-random.mjs';

/**
 * @typedef {{ name: 'Grep' | 'Glob' | 'Read', input: Record<string, unknown>, content: string, toolUseResult: unknown, progress: string }} QuickTool
 * @typedef {{ text: string | null, tool: QuickTool }} SubagentStep
 * @typedef {{ description: string, prompt: string, subagentType: string, steps: SubagentStep[], summary: string }} SubagentPlan
 * @typedef {{ description: string, seconds: number, stdout: string, exitCode: number }} BashPlan
 * @typedef {{
 *   words: string[],
 *   intro: string,
 *   quickTool: QuickTool,
 *   delegate: string,
 *   subagent: SubagentPlan,
 *   beforeTests: string,
 *   tests: BashPlan,
 *   final: string,
 *   loopStep: (index: number) => { text: string, tool: QuickTool | BashPlan },
 *   random: () => number,
 * }} Story
 */

const STOPWORDS = new Set('the and for with that this from into onto then than them they their there what when where which while your you our are was were will would should could can has have had not but all any each every some more most make makes made add adds use uses using please also just only very about after before over under again keep keeps until fix fixes refactor implement write create remove delete rename improve update change clean check review investigate find look run tidy support handle'.split(' '));
const FALLBACK_WORDS = ['config', 'parser', 'cache'];

/** FNV-1a: a stable 32-bit seed from the prompt. @param {string} text */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** @param {string} prompt */
export function promptWords(prompt) {
  const words = prompt.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? [];
  const kept = [...new Set(words.filter((word) => !STOPWORDS.has(word)))].slice(0, 8);
  return kept.length > 0 ? kept : FALLBACK_WORDS;
}

/**
 * @param {string} prompt
 * @param {string} cwd
 * @param {{ resumedPrompts: number, fail: boolean }} options
 * @returns {Story}
 */
export function writeStory(prompt, cwd, options) {
  const random = seededRandom(hash(prompt));
  /** @template T @param {readonly T[]} items @returns {T} */
  const pick = (items) => /** @type {T} */ (items[Math.floor(random() * items.length)]);
  const between = (/** @type {number} */ low, /** @type {number} */ high) => low + Math.floor(random() * (high - low + 1));
  const words = promptWords(prompt);
  const [first, second = 'core', third = 'client'] = /** @type {[string, ...string[]]} */ (words);
  const subject = words.length > 1 ? `${first} ${second}` : first;
  const mainFile = `src/${first}/${second}.ts`;
  const callers = [`src/${first}/index.ts`, `src/${third}/${first}-${third}.ts`, `src/api/${second}-routes.ts`, `test/${first}/${second}.test.ts`].slice(0, between(2, 4));
  const testCount = between(18, 64);
  const testFiles = between(3, 9);

  const resumed = options.resumedPrompts > 0
    ? `Resuming our earlier session (${options.resumedPrompts} earlier prompt${options.resumedPrompts === 1 ? '' : 's'}), so I'll build on what we found there. `
    : '';
  const intro = resumed + pick([
    `I'll start by finding where the ${subject} code lives.`,
    `Let me look at how ${subject} is handled today before changing anything.`,
    `First I'll locate the ${subject} logic in the codebase.`,
  ]);

  const quickTool = pick([
    () => grepTool(first, [mainFile, ...callers.slice(0, 1)]),
    () => globTool(`src/**/*${first}*`, [mainFile, callers[0] ?? mainFile], random),
    () => readTool(join(cwd, mainFile), sourceSnippet(first, second)),
  ])();

  const subagentType = pick(['Explore', 'general-purpose']);
  const subagent = {
    description: `Map ${first} call sites`,
    prompt: `Find every caller of the ${subject} code in ${mainFile} and list each file and line, with one sentence on how it uses it. Do not edit anything.`,
    subagentType,
    steps: [
      { text: `Searching for references to ${first}.`, tool: grepTool(first, callers) },
      { text: null, tool: readTool(join(cwd, /** @type {string} */ (callers[0])), sourceSnippet(first, third)) },
    ],
    summary: `${callers.length} places depend on ${mainFile}: ${callers.map((file) => `\`${file}\``).join(', ')}. Only \`${callers[0]}\` calls it directly; the others go through its exported helpers.`,
  };

  const failing = options.fail;
  const tests = {
    description: 'Run the test suite',
    seconds: between(8, 12) + between(0, 9) / 10,
    stdout: failing
      ? ` FAIL  test/${first}/${second}.test.ts\n   × ${subject} keeps its state across calls\n\n Test Files  1 failed | ${testFiles - 1} passed (${testFiles})\n      Tests  1 failed | ${testCount - 1} passed (${testCount})`
      : ` Test Files  ${testFiles} passed (${testFiles})\n      Tests  ${testCount} passed (${testCount})`,
    exitCode: failing ? 1 : 0,
  };

  const final = [
    `${resumed ? 'Resumed the session and finished the new request' : 'Finished'}: ${request(prompt)}`,
    '',
    `- The logic lives in \`${mainFile}\`.`,
    `- ${callers.length} call sites depend on it (${callers.map((file) => basename(file)).join(', ')}); none needed changing.`,
    `- The test suite passes: ${testCount} tests in ${testFiles} files.`,
  ].join('\n');

  return {
    words,
    intro,
    quickTool,
    delegate: `The core of it is in \`${mainFile}\`. I'll have a subagent map everything that depends on it in the background while I run the tests.`,
    subagent,
    beforeTests: 'Now let me run the test suite.',
    tests,
    final,
    loopStep: (index) => {
      const file = /** @type {string} */ (callers[index % callers.length]);
      if (index % 3 === 2) return { text: `The ${first} tests still disagree with the code; running them again.`, tool: { description: 'Re-run the failing tests', seconds: 2 + (index % 2), stdout: ` FAIL  ${file}\n      Tests  1 failed | ${testCount - 1} passed (${testCount})`, exitCode: 1 } };
      if (index % 3 === 1) return { text: `Checking \`${file}\` once more.`, tool: readTool(join(cwd, file), sourceSnippet(first, second)) };
      return { text: `That didn't settle it. Searching for other uses of ${first} (attempt ${index + 1}).`, tool: grepTool(`${first}|${second}`, [mainFile, file]) };
    },
    random,
  };
}

/** @param {string} pattern @param {string[]} files @returns {QuickTool} */
function grepTool(pattern, files) {
  return {
    name: 'Grep',
    input: { pattern, output_mode: 'files_with_matches' },
    content: `Found ${files.length} file${files.length === 1 ? '' : 's'}\n${files.join('\n')}`,
    toolUseResult: { mode: 'files_with_matches', filenames: files, numFiles: files.length, totalFiles: files.length },
    progress: `Searching for ${pattern}`,
  };
}

/** @param {string} pattern @param {string[]} files @param {() => number} random @returns {QuickTool} */
function globTool(pattern, files, random) {
  const unique = [...new Set(files)];
  return {
    name: 'Glob',
    input: { pattern },
    content: unique.join('\n'),
    toolUseResult: { filenames: unique, durationMs: 5 + Math.floor(random() * 40), numFiles: unique.length, truncated: false, totalMatches: unique.length, countIsComplete: true },
    progress: `Finding ${pattern}`,
  };
}

/** @param {string} filePath @param {string} source @returns {QuickTool} */
function readTool(filePath, source) {
  const lines = source.split('\n');
  return {
    name: 'Read',
    input: { file_path: filePath },
    content: lines.map((line, index) => `${index + 1}\t${line}`).join('\n'),
    toolUseResult: { type: 'text', file: { filePath, content: source, numLines: lines.length, startLine: 1, totalLines: lines.length } },
    progress: `Reading ${basename(filePath)}`,
  };
}

/** @param {string} noun @param {string} other */
function sourceSnippet(noun, other) {
  const type = `${capitalize(noun)}${capitalize(other)}`;
  return [
    `import { load${capitalize(other)} } from './${other}-store';`,
    '',
    `export interface ${type}Options {`,
    '  retries?: number;',
    '  signal?: AbortSignal;',
    '}',
    '',
    `export async function ${noun}${capitalize(other)}(id: string, options: ${type}Options = {}) {`,
    `  const ${other} = await load${capitalize(other)}(id, options.signal);`,
    `  return { id, ${other}, updatedAt: Date.now() };`,
    '}',
    '',
  ].join('\n');
}

/** The prompt's first sentence, short enough to quote back. @param {string} prompt */
function request(prompt) {
  const sentence = prompt.trim().split(/(?<=[.!?])\s|\n/)[0] ?? prompt;
  const short = sentence.length > 100 ? `${sentence.slice(0, 97).trimEnd()}…` : sentence;
  return /[.!?…]$/.test(short) ? short : `${short}.`;
}

/** @param {string} word */
function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
