import { RunSettings } from '../../../src-shared/runs/runs-contract';
import type { SettingsRepository } from '../store/settings-repository';

const KEY = 'runs';
export const DEFAULT_RUN_SETTINGS: RunSettings = { maxConcurrent: 4, monthlyBudgetUsd: null, cancelGraceMs: 2_000 };

/** The runs' settings, stored with the app's other settings; a stored value that no longer fits falls back to the defaults. */
export class RunSettingsStore {
  private readonly settings: SettingsRepository;

  constructor(settings: SettingsRepository) {
    this.settings = settings;
  }

  get(): RunSettings {
    const parsed = RunSettings.safeParse({ ...DEFAULT_RUN_SETTINGS, ...this.settings.get<Partial<RunSettings>>(KEY, {}) });
    return parsed.success ? parsed.data : DEFAULT_RUN_SETTINGS;
  }

  update(patch: Partial<RunSettings>): RunSettings {
    const next = RunSettings.parse({ ...this.get(), ...patch });
    this.settings.set(KEY, next);
    return next;
  }
}
