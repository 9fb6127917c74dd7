import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { DEFAULT_PAPERCLIP_URL } from '../../../src-shared/paperclip/paperclip-contract';
import type { PaperclipChange, PaperclipInstance } from '../../../src-shared/paperclip/paperclip-contract';
import { useApi } from '../api/api-context';
// Mounting the panel also gives Paperclip agents' cards their Pause / Resume / Wake now buttons.
import './paperclip-card-actions';
import './paperclip-control.css';

/** The watched instances by URL, kept current from `paperclip.changes` (every instance on subscribe, then each change). */
function usePaperclipInstances(): PaperclipInstance[] {
  const api = useApi();
  const [instances, setInstances] = useState<ReadonlyMap<string, PaperclipInstance>>(new Map());
  useEffect(() => {
    const apply = (change: PaperclipChange): void =>
      setInstances((current) => {
        const next = new Map(current);
        if (change.kind === 'instance') next.set(change.instance.url, change.instance);
        else next.delete(change.url);
        return next;
      });
    const stop = api.subscribe('paperclip.changes', {}, apply);
    // After a reconnect the stream starts over; the list says what was removed meanwhile.
    const stopStatus = api.onStatus((status) => {
      if (status !== 'connected') return;
      api.call('paperclip.instances', {}).then(
        (all) => setInstances(new Map(all.map((instance) => [instance.url, instance]))),
        () => undefined,
      );
    });
    return () => {
      stop();
      stopStatus();
    };
  }, [api]);
  return [...instances.values()];
}

function stateLine(instance: PaperclipInstance): string {
  if (instance.state !== 'connected') return instance.state;
  return instance.transport === 'polling' ? 'connected · polling' : 'connected';
}

function detailLine(instance: PaperclipInstance): string {
  const companies = instance.watching.length > 0 ? instance.watching.map((company) => company.name).join(', ') : instance.companies === undefined ? 'all companies' : instance.companies.join(', ');
  const parts = [companies, instance.hasKey ? 'API key set' : 'no API key'];
  if (instance.transport === 'polling') parts.push('live events refused, polling every 2 s');
  if (instance.fromCommandLine) parts.push('from --paperclip');
  return parts.join(' · ');
}

/** Controls → Paperclip: which Paperclip servers Orrery watches, how each connection stands and why. */
export function PaperclipControl() {
  const api = useApi();
  const instances = usePaperclipInstances();
  const [url, setUrl] = useState(DEFAULT_PAPERCLIP_URL);
  const [apiKey, setApiKey] = useState('');
  const [companies, setCompanies] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const ids = companies
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      await api.call('paperclip.add', { url: url.trim(), ...(apiKey.trim() !== '' && { apiKey: apiKey.trim() }), ...(ids.length > 0 && { companies: ids }) });
      // The key is the host's now; it is never shown again.
      setApiKey('');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  async function remove(target: string): Promise<void> {
    setError(undefined);
    try {
      await api.call('paperclip.remove', { url: target });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <section className="control-section" aria-label="Paperclip" data-testid="paperclip-control">
      <h2>Paperclip</h2>
      <ul className="paperclip-list" data-testid="paperclip-list">
        {instances.map((instance) => (
          <li key={instance.url} data-testid="paperclip-instance" data-url={instance.url} data-state={instance.state}>
            <div className="paperclip-head">
              <span className={`paperclip-state paperclip-state-${instance.state}`} data-testid="paperclip-state">
                {stateLine(instance)}
              </span>
              <span className="paperclip-url" title={instance.url}>
                {instance.url}
              </span>
              <button
                type="button"
                data-testid="paperclip-remove"
                disabled={instance.fromCommandLine}
                title={instance.fromCommandLine ? 'Given with --paperclip: watched until Orrery quits' : 'Stop watching; its agents leave the graph'}
                onClick={() => void remove(instance.url)}
              >
                Remove
              </button>
            </div>
            <p className="paperclip-reason muted">{detailLine(instance)}</p>
            {instance.reason !== undefined && instance.state !== 'connected' && (
              <p className="paperclip-reason control-error" data-testid="paperclip-reason">
                {instance.reason}
              </p>
            )}
          </li>
        ))}
      </ul>
      <form className="control-form" onSubmit={(event) => void add(event)}>
        <div className="form-field">
          <label htmlFor="paperclip-url">Server URL</label>
          <input id="paperclip-url" value={url} onChange={(event) => setUrl(event.target.value)} data-testid="paperclip-url" />
        </div>
        <div className="control-form-pair">
          <div className="form-field">
            <label htmlFor="paperclip-key">Board API key (optional)</label>
            <input id="paperclip-key" type="password" autoComplete="off" value={apiKey} onChange={(event) => setApiKey(event.target.value)} data-testid="paperclip-key" />
          </div>
          <div className="form-field">
            <label htmlFor="paperclip-companies">Company ids (default: all)</label>
            <input id="paperclip-companies" placeholder="id, id…" value={companies} onChange={(event) => setCompanies(event.target.value)} data-testid="paperclip-companies" />
          </div>
        </div>
        <div className="control-row">
          <button type="submit" disabled={busy || url.trim() === ''} data-testid="paperclip-add">
            Watch
          </button>
        </div>
      </form>
      {error && (
        <p className="control-error" role="alert" data-testid="paperclip-error">
          {error}
        </p>
      )}
    </section>
  );
}
