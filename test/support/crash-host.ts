/** The host the crash test's parent and child processes share: 1,000 users in one role. */
import { MemoryHost } from './memory-host.ts';

export const CRASH_USERS = 1_000;
export const CRASH_ROLE = 'crew';

export function crashHost(): MemoryHost {
  const host = new MemoryHost();
  for (let i = 0; i < CRASH_USERS; i++) host.addUser(`u${i}`, { roles: [CRASH_ROLE], email: null });
  return host;
}
