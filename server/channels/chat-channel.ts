/**
 * What Slack, Discord and Teams share: the send is one JSON POST of the rendered payload with the
 * idempotency headers (`chatChannel`), and the rules for what a chat message may link to.
 */
import { postJson } from './http.ts';
import { safeHref } from './text.ts';
import type { Channel, ChannelName, OutgoingMessage } from './types.ts';

/**
 * Longest URL a chat message links to. The link rule allows longer ones; past this size they are
 * left out (the notification in the inbox still carries them), so a 4,000-character link cannot
 * crowd the text out of a block.
 */
export const MAX_LINKED_URL = 2048;

/** An absolute http(s) link short enough to put in a chat message, or null. */
export function chatLink(url: string | null | undefined): string | null {
  const href = safeHref(url);
  return href !== null && href.length <= MAX_LINKED_URL ? href : null;
}

export interface ChatChannelOptions {
  /** A service that puts its retry delay in the body (Discord's `retry_after`), in ms. */
  retryAfterFromBody?: (text: string) => number | undefined;
}

/** A channel that posts `render(msg)` as JSON to the endpoint's incoming webhook. */
export function chatChannel(name: ChannelName, render: (msg: OutgoingMessage) => unknown, options: ChatChannelOptions = {}): Channel {
  return {
    name,
    render,
    send(msg, endpoint, ctx) {
      return postJson(endpoint, ctx, {
        label: name,
        body: JSON.stringify(render(msg)),
        headers: { 'idempotency-key': msg.deliveryId, 'x-stockbell-delivery': msg.deliveryId },
        ...(options.retryAfterFromBody ? { retryAfterFromBody: options.retryAfterFromBody } : {}),
      });
    },
  };
}
