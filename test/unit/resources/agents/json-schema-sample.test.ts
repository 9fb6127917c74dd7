import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../resources/demo/seeded-random.mjs';
import { sampleFromSchema, validateAgainstSchema, type Schema } from '../../../../resources/agents/json-schema-sample.mjs';

const context = (seed = 7) => ({ random: seededRandom(seed), words: ['upload', 'retry', 'client'] });

const schemas: Record<string, Schema> = {
  flat: { type: 'object', properties: { title: { type: 'string' }, files_changed: { type: 'integer' }, done: { type: 'boolean' } }, required: ['title', 'files_changed', 'done'] },
  nested: {
    type: 'object',
    properties: {
      summary: { type: 'string', minLength: 40, maxLength: 60 },
      findings: {
        type: 'array',
        minItems: 3,
        maxItems: 3,
        items: {
          type: 'object',
          additionalProperties: false,
          properties: { file: { type: 'string' }, line: { type: 'integer', minimum: 1, maximum: 9 }, severity: { enum: ['low', 'high'] }, kind: { const: 'bug' } },
          required: ['file', 'line', 'severity', 'kind'],
        },
      },
    },
    required: ['summary', 'findings'],
  },
  numbers: { type: 'object', properties: { score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, count: { type: 'integer', minimum: 10 }, negative: { type: 'integer', maximum: -5 } } },
  formats: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, day: { type: 'string', format: 'date' }, mail: { type: 'string', format: 'email' }, link: { type: 'string', format: 'uri' }, id: { type: 'string', format: 'uuid' } } },
  choices: {
    type: 'object',
    properties: { either: { anyOf: [{ type: 'string' }, { type: 'null' }] }, one: { oneOf: [{ type: 'integer' }, { type: 'string' }] }, both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { required: ['a'] }] }, maybe: { type: ['null', 'number'] } },
    required: ['either', 'one', 'both'],
  },
  references: { type: 'object', $defs: { step: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }, properties: { steps: { type: 'array', items: { $ref: '#/$defs/step' }, minItems: 1 } }, required: ['steps'] },
  requiredOnly: { type: 'object', required: ['answer'] },
};

describe('sampleFromSchema', () => {
  it.each(Object.entries(schemas))('%s: makes a value that validates', (_name, schema) => {
    const value = sampleFromSchema(schema, context());
    expect(validateAgainstSchema(schema, value)).toEqual([]);
  });

  it('fills every required key and honours the bounds', () => {
    const value = sampleFromSchema(schemas.nested as Schema, context()) as { summary: string; findings: Array<Record<string, unknown>> };
    expect(value.summary.length).toBeGreaterThanOrEqual(40);
    expect(value.summary.length).toBeLessThanOrEqual(60);
    expect(value.findings).toHaveLength(3);
    for (const finding of value.findings) {
      expect(Object.keys(finding).sort()).toEqual(['file', 'kind', 'line', 'severity']);
      expect(finding.kind).toBe('bug');
      expect(['low', 'high']).toContain(finding.severity);
    }
  });

  it('is the same for the same seed, and reads like the prompt', () => {
    expect(sampleFromSchema(schemas.flat as Schema, context(3))).toEqual(sampleFromSchema(schemas.flat as Schema, context(3)));
    const { title } = sampleFromSchema(schemas.flat as Schema, context()) as { title: string };
    expect(title.toLowerCase()).toMatch(/upload|retry|client/);
  });

  it('refuses a $ref it cannot follow, saying which', () => {
    expect(() => sampleFromSchema({ type: 'object', properties: { a: { $ref: 'https://example.com/s.json' } } }, context())).toThrow(/only local \$ref.*example\.com/);
    expect(() => sampleFromSchema({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }, context())).toThrow(/points nowhere/);
  });
});

describe('validateAgainstSchema', () => {
  it('accepts a matching value', () => {
    expect(validateAgainstSchema(schemas.flat as Schema, { title: 't', files_changed: 2, done: false })).toEqual([]);
  });

  it.each([
    ['a wrong type', schemas.flat, { title: 1, files_changed: 2, done: true }, '$.title: expected string, got integer'],
    ['a float for an integer', schemas.flat, { title: 't', files_changed: 2.5, done: true }, '$.files_changed: expected integer, got number'],
    ['a missing key', schemas.flat, { title: 't', done: true }, '$: missing required property "files_changed"'],
    ['an extra key where none are allowed', schemas.nested, { summary: 'x'.repeat(40), findings: [{ file: 'a', line: 1, severity: 'low', kind: 'bug', note: 1 }, { file: 'a', line: 1, severity: 'low', kind: 'bug' }, { file: 'a', line: 1, severity: 'low', kind: 'bug' }] }, '$.findings[0]: property "note" is not allowed'],
    ['a value outside the enum', { enum: ['a', 'b'] }, 'c', '$: must be one of ["a","b"]'],
    ['a wrong const', { const: 'bug' }, 'feature', '$: must be "bug"'],
    ['too few items', { type: 'array', minItems: 2 }, [1], '$: needs at least 2 items'],
    ['too many items', { type: 'array', maxItems: 1 }, [1, 2], '$: allows at most 1 items'],
    ['a number below the minimum', { type: 'number', minimum: 3 }, 2, '$: must be >= 3'],
    ['a number at an exclusive maximum', { type: 'number', exclusiveMaximum: 1 }, 1, '$: must be < 1'],
    ['a short string', { type: 'string', minLength: 3 }, 'ab', '$: needs at least 3 characters'],
    ['a string against its pattern', { type: 'string', pattern: '^v\\d+$' }, 'x1', '$: must match /^v\\d+$/'],
    ['a bad date-time', { type: 'string', format: 'date-time' }, 'yesterday', '$: is not a valid date-time'],
    ['no anyOf option', { anyOf: [{ type: 'string' }, { type: 'null' }] }, 3, '$: matches none of anyOf'],
    ['two oneOf options', { oneOf: [{ type: 'number' }, { type: 'integer' }] }, 3, '$: must match exactly one of oneOf'],
  ] as const)('reports %s with its path', (_what, schema, value, error) => {
    expect(validateAgainstSchema(schema as Schema, value)).toContain(error);
  });
});
