/**
 * What a user can change in the demo, shared by the JSON API and the page forms: write the demo's
 * tables, then report the change to Stockbell in-process with a key unique to the change.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { StockbellEvents } from 'stockbell';
import { BadInput, Forbidden, NotFound } from './errors.ts';
import { createBuild } from './store/builds.ts';
import { changePart, type Part, partById } from './store/parts.ts';
import type { DemoStore } from './store/tables.ts';
import { type DemoUser, usersByUsernames } from './store/users.ts';

export interface ActionContext {
  store: DemoStore;
  /** Stockbell's in-process event API (`app.stockbell.events`). */
  events: () => StockbellEvents;
  log: FastifyBaseLogger;
  now: () => Date;
}

/**
 * The demo's data is already committed when Stockbell is told; if telling fails, the change stands and
 * the failure is logged (a real host would queue the event or use `POST /events` with the same key).
 */
async function report(ctx: ActionContext, what: string, send: (events: StockbellEvents) => Promise<unknown>) {
  try {
    await send(ctx.events());
  } catch (error) {
    ctx.log.error({ err: error }, `stockbell: reporting ${what} failed`);
  }
}

function requireEditor(user: DemoUser): void {
  if (!user.canEditStock) throw new Forbidden('Your role may view parts but not change them');
}

/** Sets a part's own stock or its minimum and reports the change, keyed by the change row. */
async function setPartField(
  ctx: ActionContext,
  user: DemoUser,
  partId: number,
  field: 'stock' | 'minimum',
  value: number,
): Promise<Part> {
  requireEditor(user);
  const change = await changePart(ctx.store, partId, field, value, user.id, ctx.now());
  if (!change) throw new NotFound(`part ${partId}`);
  const key = `part-change:${change.changeId}`;
  await report(ctx, `${field} of part ${partId}`, (events) =>
    field === 'stock' ? events.stockChanged(String(partId), { key }) : events.minimumChanged(String(partId), { key }),
  );
  return change.part;
}

/** What sets one quantity of a part: its stock or its minimum. */
export type PartFieldAction = (ctx: ActionContext, user: DemoUser, partId: number, value: number) => Promise<Part>;

/** Sets a part's own stock and reports the change. */
export const setStock: PartFieldAction = (ctx, user, partId, quantity) => setPartField(ctx, user, partId, 'stock', quantity);

/** Sets a part's minimum stock and reports the change. */
export const setMinimum: PartFieldAction = (ctx, user, partId, minimum) => setPartField(ctx, user, partId, 'minimum', minimum);

export interface BuildRequest {
  partId: number;
  quantity: number;
  responsible?: readonly string[] | undefined;
}

/** Creates a build order as `user` and reports it. */
export async function newBuild(
  ctx: ActionContext,
  user: DemoUser,
  input: BuildRequest,
): Promise<{ id: number; reference: string }> {
  if (!user.canViewBuilds) throw new Forbidden('Your role may not view or create build orders');
  const part = await partById(ctx.store, input.partId);
  if (!part) throw new BadInput('partId', `no part ${input.partId}`);
  if (!part.assembly) throw new BadInput('partId', `part ${input.partId} (${part.name}) is not an assembly`);
  const usernames = [...new Set(input.responsible ?? [])];
  const responsible = await usersByUsernames(ctx.store, usernames);
  const found = new Set(responsible.map((u) => u.username));
  const unknown = usernames.filter((name) => !found.has(name));
  if (unknown.length > 0) throw new BadInput('responsible', `no user ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  const build = await createBuild(ctx.store, {
    partId: part.id,
    quantity: input.quantity,
    issuedBy: user.id,
    responsibleUserIds: responsible.map((u) => u.id),
    now: ctx.now(),
  });
  await report(ctx, `build ${build.reference}`, (events) =>
    events.buildCreated(String(build.id), { key: `build:${build.id}` }),
  );
  return build;
}
