/**
 * The live protocol is server → client only, so a client frame is never needed. ws buffers a whole
 * message before it emits one, up to the `maxPayload` of the host's `@fastify/websocket` (100 MiB by
 * default): four sockets sending 90 MiB each took a server from 282 to 804 MiB. So each socket's
 * receiver gets a limit of its own the moment it exists — before a byte of a frame is read — and
 * the socket is closed on the first message. A frame announcing more than the limit is refused
 * from its header (close 1009) and its payload is discarded as it arrives, never kept.
 */
import type { WebSocket } from 'ws';
import { CLOSE_CLIENT_FRAME } from '../contract/index.ts';

/** Enough for any control frame (ping, pong, close: 125 bytes); a client has nothing else to say. */
export const MAX_CLIENT_FRAME = 4_096;

/** ws internals this relies on (ws 8): the receiver and the permessage-deflate extension keep `_maxPayload`. */
interface Limited {
  _maxPayload?: number;
}
type Internals = WebSocket & { _receiver?: Limited | null; _extensions?: Record<string, Limited | undefined> };

/**
 * Called synchronously from the route's handler: ws calls it in the same tick as it attaches the
 * socket (`setSocket` then the callback), so no data has been parsed yet. Returns false when ws no
 * longer exposes its receiver (a future major): the caller logs it, and the first message still
 * closes the socket.
 */
export function refuseClientFrames(socket: WebSocket): boolean {
  socket.on('message', () => socket.close(CLOSE_CLIENT_FRAME, 'this socket does not accept messages'));
  const internals = socket as Internals;
  const receiver = internals._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') return false;
  receiver._maxPayload = MAX_CLIENT_FRAME;
  // A compressed frame is inflated against the extension's own limit: a small frame must not
  // unpack into a large message either.
  const deflate = internals._extensions?.['permessage-deflate'];
  if (deflate && typeof deflate._maxPayload === 'number') deflate._maxPayload = MAX_CLIENT_FRAME;
  return true;
}
