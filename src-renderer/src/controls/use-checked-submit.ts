import { useState } from 'react';
import { errorMessage, hostFieldErrors } from '../runs/form-check';
import type { FormCheck } from '../runs/form-check';

export interface CheckedSubmit<F extends string> {
  errors: Partial<Record<F, string>>;
  /** The host's refusal, word for word (a missing binary, a budget, a bad path). */
  hostError: string | undefined;
  busy: boolean;
  /** Sends the checked value, or shows why not; true when the host took it. */
  submit<T>(check: FormCheck<T, F>, send: (value: T) => Promise<void>): Promise<boolean>;
}

/** What every Controls form does on submit: the page's check first, then the host's, each error on its field. */
export function useCheckedSubmit<F extends string>(fields: readonly F[], aliases?: Readonly<Record<string, F>>): CheckedSubmit<F> {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [hostError, setHostError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return {
    errors,
    hostError,
    busy,
    async submit(check, send) {
      if (busy) return false;
      setHostError(undefined);
      if (!check.ok) {
        setErrors(check.errors);
        return false;
      }
      setErrors({});
      setBusy(true);
      try {
        await send(check.value);
        return true;
      } catch (error) {
        setErrors(hostFieldErrors(error, fields, aliases));
        setHostError(errorMessage(error));
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}
