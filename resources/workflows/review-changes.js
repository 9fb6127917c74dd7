export const meta = {
  name: 'review-changes',
  description:
    'Reviews a change along several dimensions at once (bugs, security, performance, tests, readability), one reviewer per dimension, and has every finding adversarially verified as soon as its review is done, so only the findings that hold up are reported.',
  whenToUse:
    'Before committing or merging, for a second opinion on a change. args (all optional): { range: "main...HEAD" (default: the uncommitted changes), dimensions: ["bugs", "performance", …], focus: "what matters most here" }.',
  phases: [
    { title: 'Review', detail: 'one reviewer per dimension, each with a findings schema' },
    { title: 'Verify', detail: 'every finding challenged as soon as its review is in' },
  ],
};

const DIMENSIONS = {
  bugs: 'correctness: logic errors, unhandled edge cases and errors, races, broken contracts',
  security: 'security: injection, unsafe input handling, secrets, permissions, unsafe defaults',
  performance: 'performance: needless work in hot paths, blocking calls, quadratic loops, unbounded memory',
  tests: 'tests: behaviour the change adds or alters without a test that would fail if it broke',
  readability: 'readability: unclear names, dead code, duplication, comments that say what instead of why',
};
const dimensions = Array.isArray(args?.dimensions) && args.dimensions.length > 0 ? args.dimensions : Object.keys(DIMENSIONS);
const range = typeof args?.range === 'string' && args.range !== '' ? args.range : undefined;
const focus = typeof args?.focus === 'string' && args.focus !== '' ? `\nWhat matters most here: ${args.focus}` : '';
const changes = range === undefined ? 'the uncommitted changes in this repository (`git diff HEAD`, plus new files from `git status`)' : `the changes in \`git diff ${range}\``;

const text = { type: 'string', minLength: 1 };
const FINDINGS = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          title: text,
          file: text,
          line: { type: 'integer', minimum: 1 },
          severity: { enum: ['low', 'medium', 'high'] },
          explanation: text,
          suggestion: text,
        },
        required: ['title', 'file', 'severity', 'explanation'],
      },
    },
  },
  required: ['findings'],
};
const VERDICT = { type: 'object', properties: { holds: { type: 'boolean' }, reason: text }, required: ['holds', 'reason'] };

// A pipeline, not a barrier: a dimension's findings are verified as soon as its review is in,
// while slower reviewers are still reading.
const reviewed = await pipeline(
  dimensions,
  (dimension) =>
    agent(
      `Review ${changes} for ${DIMENSIONS[dimension] ?? dimension}. Report only real problems in the changed code, each with its file and line, how severe it is and why; say nothing about code the change does not touch. No findings is a fine answer.${focus}`,
      { label: `review: ${dimension}`, phase: 'Review', schema: FINDINGS },
    ),
  (review, dimension) =>
    parallel(
      (review?.findings ?? []).map((finding, i) => () =>
        agent(
          `A reviewer reported this ${dimension} finding about ${changes}. Try to show it is wrong: read the code it points at, and check whether the problem is real, reachable and not already handled. holds: true only if it survives your attempt.\n\n${finding.title} (${finding.severity}) at ${finding.file}${finding.line ? `:${finding.line}` : ''}\n${finding.explanation}`,
          { label: `verify: ${dimension} ${i + 1}`, phase: 'Verify', schema: VERDICT },
        ).then((verdict) => ({ ...finding, dimension, verdict })),
      ),
    ),
);

const all = reviewed.flatMap((findings) => findings ?? []).filter((finding) => finding !== null);
const rank = { high: 0, medium: 1, low: 2 };
const confirmed = all.filter((finding) => finding.verdict?.holds === true).sort((a, b) => rank[a.severity] - rank[b.severity]);
const dismissed = all.filter((finding) => finding.verdict?.holds !== true);
const failed = dimensions.filter((_, i) => reviewed[i] === null);
log(`${confirmed.length} finding${confirmed.length === 1 ? '' : 's'} hold up, ${dismissed.length} dismissed${failed.length > 0 ? `; no review for ${failed.join(', ')}` : ''}`);

const lines = confirmed.map(
  (finding) => `- [${finding.severity}] ${finding.title} — ${finding.file}${finding.line ? `:${finding.line}` : ''} (${finding.dimension})\n  ${finding.explanation}${finding.suggestion ? `\n  Suggestion: ${finding.suggestion}` : ''}`,
);
return {
  summary: confirmed.length === 0 ? `No finding about ${changes} held up under verification.` : `${confirmed.length} verified finding${confirmed.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
  findings: confirmed.map(({ verdict, ...finding }) => ({ ...finding, verification: verdict.reason })),
  dismissed: dismissed.map(({ verdict, ...finding }) => ({ ...finding, why: verdict?.reason ?? 'its verifier did not answer' })),
  reviewedDimensions: dimensions.filter((_, i) => reviewed[i] !== null),
};
