import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/api/contract';
import type { OrreryCore } from '../../src-main/core/orrery-core';

/** A typed call into a core started in-process; rejects with the api error's message. */
export async function callCore<M extends MethodName>(core: OrreryCore, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const outcome = await core.api.call(method, input);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
  return outcome.value as MethodOutput<M>;
}
