import type { Profile } from '../../../src-shared/runs/runs-contract';

/** The options of a profile select: each profile with its kind, or a placeholder while they load. */
export function ProfileOptions({ profiles }: { profiles: readonly Profile[] | undefined }) {
  return (
    <>
      {profiles === undefined && <option value="">Loading…</option>}
      {profiles?.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name} ({p.kind})
        </option>
      ))}
    </>
  );
}
