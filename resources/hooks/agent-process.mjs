// @ts-check
/**
 * The Claude Code process a hook runs for, so Orrery can offer Cancel for an agent it did not
 * start. Claude Code runs each hook as `/bin/sh -c "<command>"` (seen on 2.1.332): the hook's
 * parent is that shell and the shell's parent is `claude`. Rather than trust that shape, the
 * hook walks up a few ancestors and takes the first that is Claude Code; where none is, it
 * reports no process at all (a wrong pid would offer to kill something else).
 *
 * Linux only (`/proc`); elsewhere there is nothing to report.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';

/** The shell, maybe a wrapper, then the CLI: a few steps are plenty, and a bound keeps it cheap. */
const MAX_ANCESTORS = 6;

/**
 * @typedef {{ pid: number, ppid: number, command: string, startTime: string }} ProcStat
 * @typedef {{ pid: number, pid_start: string, host: string }} AgentProcess
 */

/**
 * @param {number} pid
 * @returns {ProcStat | undefined}
 */
export function readProcStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid …`: comm may itself hold spaces and parentheses, so cut at the last ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const startTime = fields[19];
  if (!Number.isSafeInteger(ppid) || startTime === undefined || !/^\d+$/.test(startTime)) return undefined;
  return { pid, ppid, command: text.slice(open + 1, close), startTime };
}

/** @param {number} pid @returns {string[]} */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** `claude`, `claude.exe` (the npm package's native binary). */
const CLAUDE_NAME = /^claude(?:\.exe)?$/i;
/** Runtimes an older, JavaScript Claude Code runs under. */
const SCRIPT_RUNTIME = /^(?:node|nodejs|bun)$/;

/**
 * Whether a process is Claude Code: by its command name, or by what its command line runs (the
 * native installer's binary is named after its version, and an older Claude Code is `node cli.js`).
 * @param {ProcStat} stat
 * @param {(pid: number) => string[]} readCommandLine
 */
export function isClaudeProcess(stat, readCommandLine = commandLine) {
  if (CLAUDE_NAME.test(stat.command)) return true;
  const argv = readCommandLine(stat.pid);
  const program = argv[0] === undefined ? '' : basename(argv[0]);
  if (CLAUDE_NAME.test(program)) return true;
  if (!SCRIPT_RUNTIME.test(stat.command) && !SCRIPT_RUNTIME.test(program)) return false;
  return argv.slice(1, 3).some((arg) => arg.includes('@anthropic-ai/claude-code') || CLAUDE_NAME.test(basename(arg)));
}

/**
 * @param {{ platform?: string, startPid?: number, readStat?: (pid: number) => ProcStat | undefined, readCommandLine?: (pid: number) => string[] }} [options]
 * @returns {AgentProcess | undefined}
 */
export function findAgentProcess(options = {}) {
  if ((options.platform ?? process.platform) !== 'linux') return undefined;
  const readStat = options.readStat ?? readProcStat;
  const readCommandLine = options.readCommandLine ?? commandLine;
  let pid = options.startPid ?? process.ppid;
  for (let step = 0; step < MAX_ANCESTORS && pid > 1; step++) {
    const stat = readStat(pid);
    if (stat === undefined) return undefined;
    if (isClaudeProcess(stat, readCommandLine)) return { pid: stat.pid, pid_start: stat.startTime, host: hostname() };
    pid = stat.ppid;
  }
  return undefined;
}
