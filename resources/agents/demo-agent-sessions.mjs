// @ts-check
/**
 * Where the demo agent keeps its sessions, so `--resume <id>` finds what an earlier run did, as
 * Claude Code finds its transcripts under ~/.claude/projects. The demo never writes into ~/.claude:
 * its sessions live in `$ORRERY_DEMO_AGENT_HOME`, else `$ORRERY_HOME/demo-agent`, else
 * `~/.orrery/demo-agent`, one small JSON file per session (written whole, then renamed into place).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * @typedef {import('./claude-models.mjs').TokenUsage} TokenUsage
 * @typedef {{ model: string, usage: TokenUsage, costUsd: number }} SpentOnModel
 * @typedef {{ sessionId: string, cwd: string, prompts: string[], spent: SpentOnModel[] }} SessionRecord
 */

/** @param {NodeJS.ProcessEnv} env */
export function demoAgentHome(env) {
  if (env.ORRERY_DEMO_AGENT_HOME) return resolve(env.ORRERY_DEMO_AGENT_HOME);
  return resolve(env.ORRERY_HOME || join(homedir(), '.orrery'), 'demo-agent');
}

/** @param {string} home @param {string} sessionId */
export function sessionDir(home, sessionId) {
  return join(home, 'sessions', sessionId);
}

/** @param {string} home @param {string} sessionId */
function recordPath(home, sessionId) {
  return join(sessionDir(home, sessionId), 'session.json');
}

/** @param {string} home @param {string} sessionId */
export function sessionExists(home, sessionId) {
  return existsSync(recordPath(home, sessionId));
}

/**
 * @param {string} home
 * @param {string} sessionId
 * @returns {SessionRecord | undefined} undefined when there is no such session (or its file is unreadable)
 */
export function loadSession(home, sessionId) {
  try {
    const record = JSON.parse(readFileSync(recordPath(home, sessionId), 'utf8'));
    return Array.isArray(record.prompts) && Array.isArray(record.spent) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} home @param {SessionRecord} record */
export function saveSession(home, record) {
  const dir = sessionDir(home, record.sessionId);
  mkdirSync(dir, { recursive: true });
  const path = recordPath(home, record.sessionId);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
