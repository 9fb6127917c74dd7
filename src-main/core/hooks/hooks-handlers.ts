import type { FeatureHandlers } from '../api/feature-handlers';
import { installHooks, resolveClaudeSettingsPath, uninstallHooks } from './claude-hooks-installer';

export function hooksHandlers(): FeatureHandlers<'hooks.install' | 'hooks.uninstall'> {
  return {
    methods: {
      'hooks.install': () => installHooks(resolveClaudeSettingsPath()),
      'hooks.uninstall': () => uninstallHooks(resolveClaudeSettingsPath()),
    },
    streams: {},
  };
}
