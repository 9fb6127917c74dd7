import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { useFleetStore } from '../agents/fleet-store';

/**
 * The journals being tailed, a way to add a file or a folder of *.jsonl (remembered across
 * starts), and to remove one added here again (the default journal and --journal ones stay).
 */
export function JournalsControl() {
  const api = useApi();
  const journals = useFleetStore((s) => s.journals);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string>();

  async function attempt(action: () => Promise<unknown>): Promise<boolean> {
    setError(undefined);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return false;
    }
  }

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (await attempt(() => api.call('journals.add', { path: path.trim() }))) setPath('');
  }

  return (
    <section className="control-section" aria-label="Journals">
      <h2>Journals</h2>
      <ul className="journal-list" data-testid="journal-list">
        {journals.map((journal) => (
          <li key={journal.journal} title={journal.journal}>
            <span className={`journal-state journal-${journal.state}`}>{journal.state}</span> <span className="journal-path">{journal.journal}</span>{' '}
            <span className="muted">{journal.delivered} events</span>
            {journal.removable && (
              <button
                type="button"
                className="journal-remove"
                title={`Stop following ${journal.source}`}
                aria-label={`Remove ${journal.source}`}
                data-testid="journal-remove"
                onClick={() => void attempt(() => api.call('journals.remove', { path: journal.source }))}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="control-row" onSubmit={(event) => void add(event)}>
        <input aria-label="Journal file or folder" placeholder="/path/to/events.jsonl or a folder" value={path} onChange={(event) => setPath(event.target.value)} data-testid="journal-add-input" />
        <button type="submit" disabled={path.trim() === ''} data-testid="journal-add">
          Add
        </button>
      </form>
      {error && <p className="control-error" role="alert">{error}</p>}
    </section>
  );
}
