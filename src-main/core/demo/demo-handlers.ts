import { ApiError } from '../../../src-shared/api/api-error';
import type { FeatureHandlers } from '../api/feature-handlers';
import type { DemoRunner } from './demo-runner';

export function demoHandlers(demo: DemoRunner | undefined): FeatureHandlers<'demo.start' | 'demo.stop' | 'demo.status'> {
  const requireDemo = (): DemoRunner => {
    if (!demo) throw new ApiError('failed_precondition', 'The demo is not available in this build (no CLI bundle)');
    return demo;
  };
  return {
    methods: {
      'demo.start': (input) => requireDemo().start(input),
      'demo.stop': () => requireDemo().stop(),
      'demo.status': () => requireDemo().status(),
    },
    streams: {},
  };
}
