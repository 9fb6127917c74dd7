// A Claude Code hook for recording fixtures: appends the hook's stdin payload, as it came, as one
// line to the file named by argv[2], and who ran it (its own pid and its ancestors' pids and
// command lines, nearest first) as one line to `<file>.pids.jsonl`. Always exits 0 with no output, so it never steers the agent.
import { appendFileSync, readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const raw = Buffer.concat(chunks).toString('utf8').trim();
let payload;
try {
  payload = JSON.parse(raw);
} catch {
  // Recorded as it came; whatever reads the fixture reports that it is not JSON.
}
/** @param {number} pid */
function procEntry(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { pid, ppid, cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) };
  } catch {
    return undefined;
  }
}
/** Up to three ancestors: enough to reach the agent CLI through any shell it runs hooks with. */
function ancestors() {
  const chain = [];
  for (let entry = procEntry(process.ppid); entry && chain.length < 3; entry = procEntry(entry.ppid)) chain.push({ pid: entry.pid, cmdline: entry.cmdline });
  return chain;
}
if (file) {
  // One payload per line: a payload printed over several lines is compacted, otherwise kept byte for byte.
  appendFileSync(file, `${payload !== undefined && raw.includes('\n') ? JSON.stringify(payload) : raw}\n`);
  appendFileSync(`${file}.pids.jsonl`, `${JSON.stringify({ hook_event_name: payload?.hook_event_name ?? null, pid: process.pid, ppid: process.ppid, ancestors: ancestors() })}\n`);
}
