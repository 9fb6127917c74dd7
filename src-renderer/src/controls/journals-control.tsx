import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { useFleetStore } from '../agents/fleet-store';

/** The journals being tailed, and a way to add a file or a folder of *.jsonl (remembered across starts). */
export function JournalsControl() {
  const api = useApi();
  const journals = useFleetStore((s) => s.journals);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string>();

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    setError(undefined);
    try {
      await api.call('journals.add', { path: path.trim() });
      setPath('');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <section className="control-section" aria-label="Journals">
      <h2>Journals</h2>
      <ul className="journal-list" data-testid="journal-list">
        {journals.map((journal) => (
          <li key={journal.journal} title={journal.journal}>
            <span className={`journal-state journal-${journal.state}`}>{journal.state}</span> <span className="journal-path">{journal.journal}</span>{' '}
            <span className="muted">{journal.delivered} events</span>
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
