/** Helpers for delivery tests: the job table as tests read it, and a host user with a webhook. */
import { listJobs } from '../../server/delivery/job-log.ts';
import type { Job } from '../../server/delivery/job-queue.ts';
import type { TestApp } from './app.ts';

/** Every delivery job, oldest first. */
export async function allJobs(t: TestApp): Promise<Job[]> {
  const { jobs } = await listJobs(t.ctx.em(), { limit: 100_000 });
  return jobs.reverse();
}

/** Adds a personal endpoint through the API; returns its id and (for webhooks) its secret. */
export async function addEndpoint(
  t: TestApp,
  user: string,
  channel: 'slack' | 'discord' | 'teams' | 'webhook',
  url: string,
): Promise<{ id: string; secret: string | null }> {
  const response = await t.as(user, 'POST', '/preferences/endpoints', { channel, url });
  if (response.status !== 201) throw new Error(`adding an endpoint failed: ${JSON.stringify(response.body)}`);
  return response.body;
}
