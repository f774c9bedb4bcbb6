/**
 * What the demo's route plugins share: the database, the actions (which report to Stockbell), who is
 * signed in, and where Stockbell is mounted.
 */
import type { FastifyRequest } from 'fastify';
import type { ActionContext } from '../actions.ts';
import type { DemoDb } from '../db.ts';
import type { DemoUser } from '../store/users.ts';

export interface RouteContext {
  db: DemoDb;
  actions: ActionContext;
  currentUser(request: FastifyRequest): DemoUser | null;
  /** Stockbell's route prefix (its widget assets are under `${prefix}/assets`). */
  pluginPrefix(): string;
}
