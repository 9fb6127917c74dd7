import { useEffect } from 'react';
import { create } from 'zustand';
import type { Profile } from '../../../src-shared/runs/runs-contract';
import type { ApiClient } from '../api/api-client';
import { useApi } from '../api/api-context';
import { useConnectionStore } from '../state/connection-store';
import { errorMessage } from './form-check';

interface ProfilesView {
  /** Undefined until the host answered. */
  profiles: readonly Profile[] | undefined;
  error: string | undefined;
}

export const useProfilesStore = create<ProfilesView>(() => ({ profiles: undefined, error: undefined }));

let inFlight: Promise<void> | undefined;

/** One read for every view that asks at the same time (the form and the profiles list mount together). */
function refreshProfiles(api: ApiClient): Promise<void> {
  inFlight ??= api
    .call('profiles.list', {})
    .then(
      (profiles) => useProfilesStore.setState({ profiles, error: undefined }),
      (error: unknown) => useProfilesStore.setState({ error: errorMessage(error) }),
    )
    .finally(() => (inFlight = undefined));
  return inFlight;
}

/** The host's profiles, read again whenever the link (re)opens. */
export function useProfiles(): ProfilesView {
  const api = useApi();
  const connected = useConnectionStore((s) => s.status === 'connected');
  useEffect(() => {
    if (connected) void refreshProfiles(api);
  }, [api, connected]);
  return useProfilesStore();
}

/** Saves and shows the host's copy (it may normalise or mask what was sent). Rejects as the api does. */
export async function saveProfile(api: ApiClient, profile: Profile): Promise<Profile> {
  const saved = await api.call('profiles.save', profile);
  useProfilesStore.setState((state) => {
    const profiles = state.profiles ?? [];
    const index = profiles.findIndex((p) => p.id === saved.id);
    return { profiles: index < 0 ? [...profiles, saved] : profiles.with(index, saved) };
  });
  return saved;
}

export async function deleteProfile(api: ApiClient, id: string): Promise<void> {
  await api.call('profiles.delete', { id });
  useProfilesStore.setState((state) => ({ profiles: state.profiles?.filter((p) => p.id !== id) }));
}
