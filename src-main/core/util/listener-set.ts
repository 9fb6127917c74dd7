export type Dispose = () => void;

/** Listeners without an event emitter: registering returns the function that unregisters. */
export class ListenerSet<T> {
  private readonly listeners = new Set<(event: T) => void>();

  add(listener: (event: T) => void): Dispose {
    // A wrapper makes each registration distinct, so registering one function twice needs two disposals.
    const entry = (event: T): void => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Every listener runs even if one throws; the first error is rethrown afterwards. */
  emit(event: T): void {
    let failure: { error: unknown } | undefined;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  clear(): void {
    this.listeners.clear();
  }
}
