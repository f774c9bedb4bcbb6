/**
 * What the demo's route plugins share: the store, the actions (which report to Stockbell), who is
 * signed in, and where Stockbell is mounted.
 */
import type { FastifyRequest } from 'fastify';
import type { ActionContext } from '../actions.ts';
import type { DemoStore } from '../store/tables.ts';
import type { DemoUser } from '../store/users.ts';

export interface RouteContext {
  store: DemoStore;
  actions: ActionContext;
  currentUser(request: FastifyRequest): Promise<DemoUser | null>;
  /** Stockbell's route prefix (its widget assets are under `${prefix}/assets`). */
  pluginPrefix(): string;
}
