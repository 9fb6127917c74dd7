/** Ids for messages, tool calls and responses, numbered per server so that a replay names them alike. */
export interface Ids {
  next(prefix: string): string;
}

export function sequentialIds(): Ids {
  let count = 0;
  return {
    next: (prefix) => `${prefix}${String(++count).padStart(4, '0')}`,
  };
}
