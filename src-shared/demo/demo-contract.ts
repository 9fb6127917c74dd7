import { z } from 'zod';

const Empty = z.object({}).strict();

export const DemoStatus = z.object({
  running: z.boolean(),
  pid: z.number().int().optional(),
  startedAt: z.number().optional(),
  /** Why the last run ended early, for the UI; absent while running or after a clean stop. */
  lastError: z.string().optional(),
});
export type DemoStatus = z.infer<typeof DemoStatus>;

export const demoMethods = {
  'demo.start': {
    input: z
      .object({
        speed: z.number().min(0.1).max(100).optional(),
        durationS: z.number().min(1).max(86_400).optional(),
      })
      .strict(),
    output: DemoStatus,
  },
  'demo.stop': { input: Empty, output: DemoStatus },
  'demo.status': { input: Empty, output: DemoStatus },
} as const;
