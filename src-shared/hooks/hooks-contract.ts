import { z } from 'zod';

const Empty = z.object({}).strict();

/** What changed in Claude Code's settings; the file is always the one Claude Code reads (no path from clients). */
export const HooksChange = z.object({
  settingsPath: z.string(),
  /** False when the file already was as asked; then it was not touched and not backed up. */
  changed: z.boolean(),
  /** The copy made before writing, when there was a file to copy. */
  backupPath: z.string().optional(),
  /** Hook events whose Orrery entry was added or updated (install) or removed (uninstall). */
  events: z.array(z.string()),
});
export type HooksChange = z.infer<typeof HooksChange>;

export const hooksMethods = {
  'hooks.install': { input: Empty, output: HooksChange },
  'hooks.uninstall': { input: Empty, output: HooksChange },
} as const;
