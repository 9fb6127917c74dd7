import { useState } from 'react';
import type { JournalStats, RejectReason } from '../../../src-shared/events/journal-stats';
import { useFleetStore } from './fleet-store';
import './agents.css';

function rejectedCount(journal: JournalStats): number {
  return Object.values(journal.rejected).reduce((sum, n) => sum + n, 0);
}

/** Appears once any journal has skipped a line, so bad input is never silently dropped. */
export function JournalWarning() {
  const journals = useFleetStore((s) => s.journals);
  const [open, setOpen] = useState(false);
  const troubled = journals.filter((journal) => rejectedCount(journal) > 0);
  const total = troubled.reduce((sum, journal) => sum + rejectedCount(journal), 0);
  if (total === 0) return null;
  return (
    <div className="journal-warning-anchor">
      <button
        type="button"
        className="journal-warning"
        data-testid="journal-warning"
        aria-expanded={open}
        title="Some journal lines were rejected; click for details"
        onClick={() => setOpen(!open)}
      >
        ⚠ <span data-testid="journal-warning-count">{total}</span> rejected {total === 1 ? 'line' : 'lines'}
      </button>
      {open && (
        <div className="journal-warning-details" data-testid="journal-warning-details" role="dialog" aria-label="Rejected journal lines">
          {troubled.map((journal) => (
            <section key={journal.journal}>
              <h3 className="journal-path">{journal.journal}</h3>
              <p className="journal-reasons">
                {(Object.entries(journal.rejected) as [RejectReason, number][])
                  .filter(([, n]) => n > 0)
                  .map(([reason, n]) => `${reason.replaceAll('_', ' ')}: ${n}`)
                  .join(' · ')}
              </p>
              <ol className="journal-rejections">
                {journal.recentRejections.toReversed().map((rejection) => (
                  <li key={`${rejection.offset}:${rejection.at}`} data-testid="journal-rejection">
                    <div>
                      <span className="journal-reason">{rejection.reason.replaceAll('_', ' ')}</span>
                      <span className="muted"> · line {rejection.line ?? '?'} (byte {rejection.offset})</span>
                    </div>
                    <div className="journal-detail">{rejection.detail}</div>
                    <code className="journal-excerpt">{rejection.excerpt}</code>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
