/**
 * The demo's session: a signed cookie holding the user id (@fastify/cookie signs it with a secret kept
 * in the demo's database, so every instance accepts it). The demo's pages and Stockbell's `authenticate`
 * both read it here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DemoStore } from './store/tables.ts';
import { type DemoUser, userById } from './store/users.ts';

export const SESSION_COOKIE = 'stockbell_demo_session';

export function startSession(reply: FastifyReply, userId: number): void {
  reply.setCookie(SESSION_COOKIE, String(userId), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    maxAge: 60 * 60 * 24 * 7,
  });
}

export function endSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The signed-in, active user, or null (no cookie, a forged or stale one, or an inactive user). */
export async function sessionUser(store: DemoStore, request: FastifyRequest): Promise<DemoUser | null> {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null || !/^\d{1,15}$/.test(unsigned.value)) return null;
  const user = await userById(store, Number(unsigned.value));
  return user?.active ? user : null;
}
