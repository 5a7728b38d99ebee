// The registry login form's draft and the calls it makes. The password field is write-only: empty
// means "keep the saved one", so it is left out of the input rather than sent as ''.
import type { CallInput } from '../../shared/contract';
import type { RegistryView } from '../../shared/types';

export interface RegistryDraft {
  registry: string;
  username: string;
  password: string;
}

export const EMPTY_REGISTRY_DRAFT: RegistryDraft = { registry: '', username: '', password: '' };

/** Editing a saved login: its host and user name, never its password. */
export function registryDraftOf(view: RegistryView): RegistryDraft {
  return { registry: view.registry, username: view.username, password: '' };
}

export function registrySetInput(draft: RegistryDraft): CallInput<'registries.set'> {
  const base = { registry: draft.registry, username: draft.username };
  return draft.password === '' ? base : { ...base, password: draft.password };
}

/** The test of a draft, logged in from `hostId`'s Docker (the engine talks to the registry from there). */
export function registryTestInput(draft: RegistryDraft, hostId = 'local'): CallInput<'registries.test'> {
  return { ...registrySetInput(draft), hostId };
}
