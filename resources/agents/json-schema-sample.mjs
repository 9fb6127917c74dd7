// @ts-check
/**
 * Just enough JSON Schema for the demo agent's `--json-schema`: `sampleFromSchema` makes a value
 * that satisfies a schema, with words taken from the prompt so it reads like an answer, and
 * `validateAgainstSchema` checks any value against one (the demo checks its own answer with it,
 * as the real CLI checks the model's, and reports a failure the same way).
 *
 * Covered: type (one or a list), properties, required, additionalProperties: false, enum, const,
 * items, minItems/maxItems, minimum/maximum (and exclusive), minLength/maxLength, pattern (checked,
 * never generated), format (date-time, date, email, uri, uuid; loosely), anyOf/oneOf (sampling
 * picks the first), allOf, and local `$ref`s (`#/$defs/…`, `#/definitions/…`).
 */
/**
 * @typedef {boolean | { [keyword: string]: unknown }} Schema
 * @typedef {{ random: () => number, words: string[] }} SampleContext words to build strings from
 */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {Schema} root
 * @param {unknown} schema
 * @returns {Record<string, unknown>}
 */
function resolve(root, schema) {
  if (!isObject(schema)) return schema === false ? { not: {} } : {};
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  if (!ref.startsWith('#')) throw new Error(`only local $ref is supported, not "${ref}"`);
  /** @type {unknown} */
  let target = root;
  for (const part of ref.slice(1).split('/').filter((p) => p !== '')) {
    target = isObject(target) ? target[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
  }
  if (target === undefined) throw new Error(`$ref "${ref}" points nowhere`);
  return resolve(root, target);
}

/** @param {Record<string, unknown>} schema @returns {string[]} */
function typesOf(schema) {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t) => typeof t === 'string');
  return [];
}

/** @param {unknown} value */
function jsonType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Every way `value` breaks `schema`, as "path: problem" lines; empty when it validates.
 * @param {Schema} schema
 * @param {unknown} value
 * @returns {string[]}
 */
export function validateAgainstSchema(schema, value) {
  /** @type {string[]} */
  const errors = [];
  check(schema, schema, value, '$', errors);
  return errors;
}

/**
 * @param {Schema} root
 * @param {unknown} rawSchema
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} errors
 */
function check(root, rawSchema, value, path, errors) {
  if (rawSchema === true) return;
  if (rawSchema === false) {
    errors.push(`${path}: no value is allowed here`);
    return;
  }
  const schema = resolve(root, rawSchema);
  const types = typesOf(schema);
  const actual = jsonType(value);
  if (types.length > 0 && !types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) {
    errors.push(`${path}: expected ${types.join(' or ')}, got ${actual}`);
    return;
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push(`${path}: must be one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof value === 'number') checkNumber(schema, value, path, errors);
  if (typeof value === 'string') checkString(schema, value, path, errors);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: needs at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${path}: allows at most ${schema.maxItems} items`);
    if (schema.items !== undefined) value.forEach((item, index) => check(root, schema.items, item, `${path}[${index}]`, errors));
  }
  if (isObject(value)) checkObject(root, schema, value, path, errors);
  const matches = (/** @type {unknown} */ option) => {
    /** @type {string[]} */
    const sub = [];
    check(root, option, value, path, sub);
    return sub.length === 0;
  };
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(matches)) errors.push(`${path}: matches none of anyOf`);
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter(matches).length !== 1) errors.push(`${path}: must match exactly one of oneOf`);
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) check(root, part, value, path, errors);
}

/** @param {Record<string, unknown>} schema @param {number} value @param {string} path @param {string[]} errors */
function checkNumber(schema, value, path, errors) {
  if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: must be >= ${schema.minimum}`);
  if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: must be <= ${schema.maximum}`);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${path}: must be > ${schema.exclusiveMinimum}`);
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) errors.push(`${path}: must be < ${schema.exclusiveMaximum}`);
}

/** @param {Record<string, unknown>} schema @param {string} value @param {string} path @param {string[]} errors */
function checkString(schema, value, path, errors) {
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${path}: needs at least ${schema.minLength} characters`);
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${path}: allows at most ${schema.maxLength} characters`);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: must match /${schema.pattern}/`);
  const format = schema.format;
  const ok =
    format === 'date-time' ? !Number.isNaN(Date.parse(value)) && value.includes('T')
    : format === 'date' ? DATE_RE.test(value)
    : format === 'email' ? /^[^@\s]+@[^@\s]+$/.test(value)
    : format === 'uri' || format === 'url' ? URL.canParse(value)
    : format === 'uuid' ? UUID_RE.test(value)
    : true;
  if (!ok) errors.push(`${path}: is not a valid ${String(format)}`);
}

/** @param {Schema} root @param {Record<string, unknown>} schema @param {Record<string, unknown>} value @param {string} path @param {string[]} errors */
function checkObject(root, schema, value, path, errors) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) if (typeof key === 'string' && !(key in value)) errors.push(`${path}: missing required property "${key}"`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (key in properties) check(root, properties[key], item, `${path}.${key}`, errors);
    else if (schema.additionalProperties === false) errors.push(`${path}: property "${key}" is not allowed`);
    else if (isObject(schema.additionalProperties)) check(root, schema.additionalProperties, item, `${path}.${key}`, errors);
  }
}

/**
 * A value that satisfies `schema`, built from the context's words.
 * @param {Schema} schema
 * @param {SampleContext} context
 * @returns {unknown}
 */
export function sampleFromSchema(schema, context) {
  return sample(schema, schema, context, 'answer');
}

/**
 * @param {Schema} root
 * @param {unknown} rawSchema
 * @param {SampleContext} context
 * @param {string} name the property (or item) name, which decides what a plausible value looks like
 * @returns {unknown}
 */
function sample(root, rawSchema, context, name) {
  const schema = resolve(root, rawSchema);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[Math.floor(context.random() * schema.enum.length)];
  const first = (Array.isArray(schema.anyOf) && schema.anyOf[0]) || (Array.isArray(schema.oneOf) && schema.oneOf[0]);
  if (first) return sample(root, first, context, name);
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return sample(root, Object.assign({}, ...schema.allOf.map((part) => resolve(root, part)), { allOf: undefined }), context, name);
  }
  const type = typesOf(schema).find((t) => t !== 'null') ?? (isObject(schema.properties) ? 'object' : schema.items !== undefined ? 'array' : typesOf(schema)[0] ?? 'string');
  switch (type) {
    case 'object':
      return sampleObject(root, schema, context);
    case 'array':
      return sampleArray(root, schema, context, name);
    case 'integer':
    case 'number':
      return sampleNumber(schema, context, name, type === 'integer');
    case 'boolean':
      return context.random() < 0.7;
    case 'null':
      return null;
    default:
      return sampleString(schema, context, name);
  }
}

/** @param {Schema} root @param {Record<string, unknown>} schema @param {SampleContext} context */
function sampleObject(root, schema, context) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  /** @type {Record<string, unknown>} */
  const value = {};
  for (const [key, item] of Object.entries(properties)) value[key] = sample(root, item, context, key);
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) if (typeof key === 'string' && !(key in value)) value[key] = sample(root, schema.additionalProperties ?? {}, context, key);
  }
  return value;
}

/** @param {Schema} root @param {Record<string, unknown>} schema @param {SampleContext} context @param {string} name */
function sampleArray(root, schema, context, name) {
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 3);
  const length = Math.min(max, Math.max(min, 2 + Math.floor(context.random() * 2)));
  const itemName = name.endsWith('s') ? name.slice(0, -1) : name;
  return Array.from({ length }, () => sample(root, schema.items ?? { type: 'string' }, context, itemName));
}

/** @param {Record<string, unknown>} schema @param {SampleContext} context @param {string} name @param {boolean} integer */
function sampleNumber(schema, context, name, integer) {
  const low = Math.max(typeof schema.minimum === 'number' ? schema.minimum : -Infinity, typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -Infinity);
  const high = Math.min(typeof schema.maximum === 'number' ? schema.maximum : Infinity, typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : Infinity);
  const ratio = /score|confidence|probability|ratio/i.test(name);
  const from = Number.isFinite(low) ? low : Number.isFinite(high) ? Math.min(0, high) : 0;
  const to = Number.isFinite(high) ? high : ratio && !integer ? 1 : from + (ratio ? 100 : 12);
  const value = from + context.random() * (to - from);
  return integer ? Math.min(Math.floor(to), Math.max(Math.ceil(from), Math.round(value))) : Math.round(value * 100) / 100;
}

/** @param {Record<string, unknown>} schema @param {SampleContext} context @param {string} name */
function sampleString(schema, context, name) {
  const words = context.words.length > 0 ? context.words : ['change'];
  const pick = () => /** @type {string} */ (words[Math.floor(context.random() * words.length)]);
  const format = schema.format;
  /** @type {string} */
  let text;
  if (format === 'date-time') text = new Date(Date.UTC(2026, 0, 1 + Math.floor(context.random() * 300), 9, 30)).toISOString();
  else if (format === 'date') text = new Date(Date.UTC(2026, 0, 1 + Math.floor(context.random() * 300))).toISOString().slice(0, 10);
  else if (format === 'email') text = `${pick()}@example.com`;
  else if (format === 'uri' || format === 'url' || /url|uri|link/i.test(name)) text = `https://example.com/${pick()}`;
  else if (format === 'uuid') text = seededUuid(context.random);
  else if (/path|file/i.test(name)) text = `src/${pick()}/${pick()}.ts`;
  else if (/(^id$|_id$|Id$)/.test(name)) text = `${pick()}-${1 + Math.floor(context.random() * 99)}`;
  else if (/name|title|label|heading/i.test(name)) text = `${capitalize(pick())} ${pick()}`;
  else text = `${capitalize(name.replace(/[_-]+/g, ' '))}: ${pick()} ${pick()} and ${pick()} were checked against the request.`;
  return fitLength(schema, text);
}

/** @param {Record<string, unknown>} schema @param {string} text */
function fitLength(schema, text) {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  let fitted = text;
  while (fitted.length < min) fitted += ` ${text}`;
  return fitted.slice(0, Math.max(min, Math.min(max, fitted.length)));
}

/** @param {() => number} random */
function seededUuid(random) {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** @param {string} word */
function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
