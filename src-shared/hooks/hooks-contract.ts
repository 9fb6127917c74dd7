import { z } from 'zod';

const Empty = z.object({}).strict();

/** What changed in Claude Code's settings; the file is always the one Claude Code reads (no path from clients). */
export const HooksChange = z.object({
  settingsPath: z.string(),
  changed: z.boolean(),
  backupPath: z.string().optional(),
  events: z.array(z.string()),
});
export type HooksChange = z.infer<typeof HooksChange>;

export const hooksMethods = {
  'hooks.install': { input: Empty, output: HooksChange },
  'hooks.uninstall': { input: Empty, output: HooksChange },
} as const;
