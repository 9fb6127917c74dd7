import type { z } from 'zod';

/**
 * True when a hand-written interface and a schema describe the same fields: every value of the
 * interface has the schema's types, and neither names a field the other lacks. (A field typed
 * `T | undefined` in the interface is `.optional()` in the schema: JSON drops undefined.)
 */
export type Describes<S extends z.ZodType, I> = [I] extends [z.output<S>]
  ? [Exclude<keyof I, keyof z.output<S>> | Exclude<keyof z.output<S>, keyof I>] extends [never]
    ? true
    : false
  : false;

/**
 * The schema of a value whose type is an interface written elsewhere (LiveAgent lives with the
 * reducer that builds it): typed as that interface, so api types stay the interface, and a
 * compile error if the two drift apart.
 */
export function schemaOf<I>() {
  return <S extends z.ZodType>(schema: S & (Describes<S, I> extends true ? unknown : never)): z.ZodType<I> => schema as unknown as z.ZodType<I>;
}
