/**
 * A trace, put together: the subject's event checks, then who is told (paths, and a build's
 * responsible), the creator rule, the host's permission and the user's record — the engine's
 * order and the engine's functions — then the user's channels for the kind. `told` is every check
 * passing; `reason` is what the user is (or would be) shown, ranked as the engine ranks it.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { canBeTold, offer, permitted, type RankedReason, responsibleFor } from '../audience/index.ts';
import type { Trace, TraceCheck } from '../contract/index.ts';
import type { Context } from '../context.ts';
import type { HostUser, Target } from '../host.ts';
import { formatReason, kindTitle } from '../messages/index.ts';
import { BUILT_IN_KINDS, type Defaults } from '../settings/index.ts';
import { channelsFor } from './channels.ts';
import { pathsFor } from './paths.ts';
import type { Subject } from './subjects.ts';

export interface TraceInput {
  userId: string;
  /** The host's record of the user, if it knows them. */
  user: HostUser | undefined;
  subject: Subject;
  defaults: Defaults;
  now: Date;
}

export async function traceOf(ctx: Context, em: EntityManager, input: TraceInput): Promise<Trace> {
  const { userId, user, subject } = input;
  const reasons = new Map<string, RankedReason>();
  const checks: TraceCheck[] = [...subject.event];
  if (subject.watches.length > 0 || subject.build) {
    const paths = await pathsFor(ctx.db, subject.tree, userId, subject.watches, reasons);
    const responsible = subject.build ? await responsibility(ctx, subject.build, userId, reasons) : null;
    const ok = paths.some((path) => path.outcome === 'subscribed') || (responsible !== null && (responsible.user || responsible.role !== null));
    checks.push({ step: 'audience', ok, paths, responsible });
  }
  if (subject.build && subject.kind === 'build.created') checks.push({ step: 'notCreator', ok: subject.build.createdBy !== userId });
  const target: Target | null = subject.target && { kind: subject.target.kind, id: subject.target.id };
  if (target) checks.push({ step: 'mayView', ok: (await permitted(ctx.host, [userId], target)).length > 0 });
  checks.push({ step: 'activeUser', ok: user !== undefined && canBeTold(user) });

  const best = reasons.get(userId);
  return {
    kind: subject.kind,
    kindLabel: kindLabel(ctx, subject.kind, user?.locale),
    target: subject.target,
    told: checks.every((check) => check.ok),
    reason: best ? formatReason(best.reason, user?.locale) : null,
    checks,
    channels: await channelsFor(em, user ?? { id: userId, name: userId, roles: [], active: false }, subject.kind, input.defaults),
    held: { quietHoursUntil: null, snoozedUntil: null },
    notification: null,
    deliveries: [],
    asOf: input.now.toISOString(),
  };
}

/** Named on the build, or through one of its roles: the engine's `responsibleFor` decides, and gives the reason. */
async function responsibility(ctx: Context, build: NonNullable<Subject['build']>, userId: string, reasons: Map<string, RankedReason>) {
  const mine = (await responsibleFor(ctx.host, build)).get(userId);
  if (mine) offer(reasons, userId, mine);
  return { user: mine?.reason.type === 'responsible', role: mine?.reason.type === 'role' ? mine.reason.role : null };
}

/** Stockbell's kinds in the user's language; a host's kinds by the label it registered. */
function kindLabel(ctx: Context, kind: string, locale: string | null | undefined): string {
  if ((BUILT_IN_KINDS as readonly string[]).includes(kind)) return kindTitle(kind, locale);
  return ctx.options.kinds.find((k) => k.id === kind)?.label ?? kindTitle(kind, locale);
}
