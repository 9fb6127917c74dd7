// @ts-nocheck — this runs in the bench's browser page, and the Node typecheck that covers test/
// has no DOM library.
//
// The frame-time bench's naive baseline: the same events.live stream drawn as SVG DOM nodes, the
// whole picture rebuilt on every pushed batch — what a React component that re-renders the graph
// per batch amounts to. It gets fixed spiral positions instead of a force layout, which only
// flatters it. The bench serves it in place of the app's bundle, so it runs in the host's own
// page (same origin, same token, same CSP) and never ships with the app.
//
// With `globalThis.__naiveGraphLabels` set before it runs, every agent also gets its name as an
// SVG <text> under its node: all of them, overlapping where they collide (no declutter).
const NS = 'http://www.w3.org/2000/svg';
const PALETTE = ['#7aa2f7', '#bb9af7', '#2ac3de', '#9ece6a', '#e0af68', '#f7768e', '#73daca', '#ff9e64', '#c0caf5', '#b4f9f8', '#d19afc', '#ffd166'];
const RING = { running: '#3fb950', waiting: '#d29922', idle: '#7d8799', paused: '#7aa2f7', error: '#f85149' };
const OUTCOME = { success: '#3fb950', error: '#f85149', cancelled: '#8b949e', timeout: '#e3a21a' };
const LINGER_MS = 4000;
const PULSE_MS = 600;
const CENTRE = { x: 700, y: 450 };

const svg = document.createElementNS(NS, 'svg');
svg.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;background:#0b0e14';
document.body.replaceChildren(svg);
const agents = new Map();
let placed = 0;

function colour(model) {
  if (!model) return '#6b7385';
  let hash = 0x811c9dc5;
  for (let i = 0; i < model.length; i++) hash = Math.imul(hash ^ model.charCodeAt(i), 0x01000193);
  return PALETTE[(hash >>> 0) % PALETTE.length];
}

function agent(id) {
  let record = agents.get(id);
  if (!record) {
    const i = placed++;
    const radius = 12 * Math.sqrt(i + 1);
    record = { id, name: id, parentId: undefined, model: undefined, status: 'running', outcome: undefined, endedAt: 0, pulseAt: -Infinity, x: CENTRE.x + radius * Math.cos(i * 2.39996), y: CENTRE.y + radius * Math.sin(i * 2.39996) };
    agents.set(id, record);
  }
  return record;
}

function apply(event, now) {
  const record = agent(event.agent_id);
  if (event.parent_id) record.parentId = event.parent_id;
  if (event.model) record.model = event.model;
  if (event.name) record.name = event.name;
  if (event.type === 'tool_use') record.pulseAt = now;
  else if (event.type === 'status') record.status = event.status;
  else if (event.type === 'agent_done') {
    record.outcome = event.outcome;
    record.endedAt = now;
  }
}

function element(name, attributes) {
  const node = document.createElementNS(NS, name);
  for (const key in attributes) node.setAttribute(key, attributes[key]);
  return node;
}

function render(now) {
  for (const record of agents.values()) {
    if (record.outcome && now - record.endedAt > LINGER_MS) agents.delete(record.id);
  }
  const nodes = [];
  for (const record of agents.values()) {
    const parent = (record.parentId && agents.get(record.parentId)) || CENTRE;
    nodes.push(element('line', { x1: parent.x, y1: parent.y, x2: record.x, y2: record.y, stroke: 'rgba(125,135,153,0.35)' }));
  }
  for (const record of agents.values()) {
    nodes.push(element('circle', { cx: record.x, cy: record.y, r: 5, fill: colour(record.model), stroke: record.outcome ? OUTCOME[record.outcome] : RING[record.status], 'stroke-width': 1.6 }));
    const pulse = (now - record.pulseAt) / PULSE_MS;
    if (pulse >= 0 && pulse < 1) nodes.push(element('circle', { cx: record.x, cy: record.y, r: 7 + 9 * pulse, fill: 'none', stroke: '#e6edf3', opacity: 0.75 * (1 - pulse) }));
    if (globalThis.__naiveGraphLabels) {
      const label = element('text', { x: record.x, y: record.y + 16, fill: '#b8c0cc', 'font-size': 11, 'text-anchor': 'middle' });
      label.textContent = record.name;
      nodes.push(label);
    }
  }
  svg.replaceChildren(...nodes);
}

const token = new URLSearchParams(location.search).get('token') || '';
const socket = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
socket.onopen = () => socket.send(JSON.stringify({ t: 'sub', id: 1, stream: 'events.live', args: {} }));
socket.onmessage = (message) => {
  const data = JSON.parse(message.data);
  if (data.t !== 'item') return;
  const now = performance.now();
  const item = data.value;
  if (item.kind === 'snapshot') {
    agents.clear();
    for (const live of item.snapshot.agents) Object.assign(agent(live.id), { name: live.name ?? live.id, parentId: live.parentId, model: live.model, status: live.status });
  } else {
    for (const event of item.events) apply(event, now);
  }
  render(now);
};
window.__naiveGraph = { nodeCount: () => agents.size };
