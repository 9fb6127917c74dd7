/**
 * Bounds on a search request, shared by the contract (validated at the api boundary) and the
 * search itself. Kept in a module of their own so the renderer can see them without Node types.
 */
export const MAX_PATTERN_LENGTH = 1000;
export const MAX_SEARCH_LIMIT = 10_000;
export const MAX_CONTEXT_LINES = 50;
export const MAX_SEARCH_BUDGET_MS = 10_000;
