import type { EnvRow } from '../runs/profile-form-model';

interface EnvEditorProps {
  labelledBy: string;
  rows: EnvRow[];
  onChange: (rows: EnvRow[]) => void;
}

/**
 * Environment variables for a profile's runs. Values are masked like passwords: they are often
 * API keys, and a screen is shared more often than people remember.
 */
export function EnvEditor({ labelledBy, rows, onChange }: EnvEditorProps) {
  const update = (index: number, patch: Partial<EnvRow>): void => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="env-editor" role="group" aria-labelledby={labelledBy} data-testid="env-editor">
      {rows.map((row, index) => (
        <div className="env-row" key={index} data-testid="env-row">
          <input aria-label="Variable name" placeholder="NAME" value={row.name} spellCheck={false} data-testid="env-name" onChange={(event) => update(index, { name: event.currentTarget.value })} />
          <input
            aria-label={`Value of ${row.name || 'the variable'}`}
            type="password"
            autoComplete="off"
            placeholder="value"
            value={row.value}
            data-testid="env-value"
            onChange={(event) => update(index, { value: event.currentTarget.value })}
          />
          <button type="button" aria-label={`Remove ${row.name || 'this variable'}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" data-testid="env-add" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        + Variable
      </button>
    </div>
  );
}
