export const meta = {
  name: 'deep-research',
  description:
    'Researches a question in depth: splits it into search angles, searches them in parallel, extracts the claims of every distinct source, has three independent refuters attack each claim (two of three kill it), and writes a cited report from what survived.',
  whenToUse:
    'A question that needs several sources and checked facts rather than a quick lookup. Start it with args "the question", or { question, angles?: 1-8 (default 4), maxClaims?: 1-40 (default 12) }.',
  phases: [
    { title: 'Scope', detail: 'split the question into search angles' },
    { title: 'Search', detail: 'one searcher per angle, in parallel' },
    { title: 'Fetch', detail: 'dedupe the sources, extract their claims' },
    { title: 'Verify', detail: 'three independent refuters per claim; two of three kill it' },
    { title: 'Synthesize', detail: 'a cited report of the claims that survived' },
  ],
};

const question = typeof args === 'string' ? args : args?.question;
if (typeof question !== 'string' || question.trim() === '') {
  throw new Error('deep-research needs a question: start it with args "your question" or { question: "your question" }');
}
const between = (value, low, high, fallback) => (Number.isInteger(value) ? Math.min(high, Math.max(low, value)) : fallback);
const angleCount = between(args?.angles, 1, 8, 4);
const maxClaims = between(args?.maxClaims, 1, 40, 12);
const REFUTERS = 3;

const text = { type: 'string', minLength: 1 };
const ANGLES = { type: 'object', properties: { angles: { type: 'array', items: text, minItems: 1, maxItems: angleCount } }, required: ['angles'] };
const SOURCES = {
  type: 'object',
  properties: { sources: { type: 'array', items: { type: 'object', properties: { url: text, title: text, why: text }, required: ['url', 'title'] } } },
  required: ['sources'],
};
const CLAIMS = {
  type: 'object',
  properties: { claims: { type: 'array', items: { type: 'object', properties: { claim: text, quote: text }, required: ['claim', 'quote'] } } },
  required: ['claims'],
};
const VERDICT = { type: 'object', properties: { refuted: { type: 'boolean' }, reason: text }, required: ['refuted', 'reason'] };

phase('Scope');
const scope = await agent(
  `Split this research question into at most ${angleCount} distinct search angles: different sub-questions, viewpoints or kinds of source, with little overlap. Give each as a one-line search brief.\n\nQuestion: ${question}`,
  { label: 'scope', schema: ANGLES },
);
const angles = (scope?.angles ?? [question]).slice(0, angleCount);
log(`${angles.length} search angle${angles.length === 1 ? '' : 's'}: ${angles.join(' | ')}`);

phase('Search');
const searches = await parallel(
  angles.map((angle, i) => () =>
    agent(
      `Search for sources on this angle of a research question, and list the most relevant ones you found (primary sources first), each with its URL, title and why it matters.\n\nAngle: ${angle}\nQuestion: ${question}`,
      { label: `search ${i + 1}`, schema: SOURCES },
    ),
  ),
);

phase('Fetch');
const sourceKey = (url) => url.trim().toLowerCase().replace(/#.*$/, '').replace(/\/+$/, '');
const sources = [];
const seenSources = new Set();
let found = 0;
for (const search of searches) {
  for (const source of search?.sources ?? []) {
    found++;
    const key = sourceKey(source.url);
    if (seenSources.has(key)) continue;
    seenSources.add(key);
    sources.push({ url: source.url, title: source.title });
  }
}
log(`${sources.length} distinct source${sources.length === 1 ? '' : 's'} out of ${found} found`);
const extracted = await parallel(
  sources.map((source, i) => () =>
    agent(
      `Read this source and extract the factual claims it makes that bear on the question. Quote the passage each claim rests on, word for word.\n\nSource: ${source.title} <${source.url}>\nQuestion: ${question}`,
      { label: `fetch ${i + 1}`, schema: CLAIMS },
    ),
  ),
);
const claims = [];
const seenClaims = new Set();
extracted.forEach((result, i) => {
  for (const { claim, quote } of result?.claims ?? []) {
    const key = claim.trim().toLowerCase();
    if (seenClaims.has(key) || claims.length >= maxClaims) continue;
    seenClaims.add(key);
    claims.push({ claim, quote, source: sources[i] });
  }
});
log(`${claims.length} claim${claims.length === 1 ? '' : 's'} to verify`);

phase('Verify');
const verdicts = await parallel(
  claims.flatMap((claim, c) =>
    Array.from({ length: REFUTERS }, (_, r) => () =>
      agent(
        `You are refuter ${r + 1} of ${REFUTERS}, working independently of the others. Try hard to refute this claim: look for contrary evidence, a misreading of the quote, or a source that does not say what is claimed. Answer refuted: true only with concrete reasons.\n\nClaim: ${claim.claim}\nQuote: "${claim.quote}"\nSource: ${claim.source.title} <${claim.source.url}>`,
        { label: `refute ${c + 1}.${r + 1}`, schema: VERDICT },
      ),
    ),
  ),
);
const survived = [];
const refuted = [];
claims.forEach((claim, c) => {
  const votes = verdicts.slice(c * REFUTERS, (c + 1) * REFUTERS);
  const against = votes.filter((vote) => vote?.refuted === true).length;
  const checked = { ...claim, refutedBy: against, reasons: votes.filter((vote) => vote !== null).map((vote) => vote.reason) };
  // Two of three refuters kill a claim; a refuter that failed counts as not refuting it.
  (against >= 2 ? refuted : survived).push(checked);
});
log(`${survived.length} claim${survived.length === 1 ? '' : 's'} survived, ${refuted.length} refuted`);

phase('Synthesize');
const cited = survived.map((claim, i) => `[${i + 1}] ${claim.claim} (${claim.source.title} <${claim.source.url}>)`).join('\n');
const report = await agent(
  `Write a research report that answers the question below, using only these verified claims. Cite every statement with its claim number in brackets, say plainly where the evidence is thin or missing, and end with a "Sources" list.\n\nQuestion: ${question}\n\nVerified claims:\n${cited || '(none survived verification)'}`,
  { label: 'synthesize' },
);

return {
  question,
  report,
  claims: survived.map(({ claim, quote, source, refutedBy }) => ({ claim, quote, source, refutedBy })),
  refuted: refuted.map(({ claim, source, reasons }) => ({ claim, source, reasons })),
  sources,
};
