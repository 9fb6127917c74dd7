// The smallest value that satisfies a JSON schema of the kinds a `--json-schema` run passes:
// objects with required properties, arrays, enums and consts, and the primitive types.

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minimum?: number;
  minLength?: number;
};

export function exampleOf(schema: unknown, name = 'value'): unknown {
  if (typeof schema !== 'object' || schema === null) return {};
  const s = schema as Schema;
  if ('const' in s) return s.const;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return `scripted ${name}`.padEnd(s.minLength ?? 0, '.');
    case 'number':
    case 'integer':
      return Math.max(s.minimum ?? 0, 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Math.max(s.minItems ?? 1, 1) }, () => exampleOf(s.items, name));
    default: {
      const properties = s.properties ?? {};
      const keys = s.required ?? Object.keys(properties);
      return Object.fromEntries(keys.map((key) => [key, exampleOf(properties[key], key)]));
    }
  }
}
