/**
 * What a @fastify/websocket route can do to let its upgrade's HTTP objects go once the socket is
 * open. @fastify/websocket 11 keeps them for the socket's whole life through two references
 * (bench/support/upgrade-retention.ts shows it):
 *
 *   - the `error` listener it adds to every socket closes over the Fastify request and reply (to
 *     call its errorHandler), and they hold the IncomingMessage and the ServerResponse;
 *   - it assigns the upgrade's ServerResponse to the TCP socket (`rawResponse.assignSocket`), which
 *     keeps it as `socket._httpMessage`, and the response holds the IncomingMessage (`res.req`).
 *
 * This replaces the listener with one that closes over nothing from the request (a socket error
 * terminates the socket, as the plugin's default errorHandler does, without its log line) and
 * detaches the response. Measured, not shipped: whether Stockbell's route should do it is the live
 * module's call (issue #11).
 */
import type { WebSocket } from 'ws';

export function releaseUpgrade(socket: WebSocket, cut: { listener?: boolean; response?: boolean } = {}): void {
  if (cut.listener !== false) {
    socket.removeAllListeners('error');
    socket.on('error', () => socket.terminate());
  }
  if (cut.response === false) return;
  const tcp = (socket as unknown as { _socket?: { _httpMessage?: { detachSocket?(s: unknown): void } | null } })._socket;
  const response = tcp?._httpMessage;
  if (tcp && response?.detachSocket) response.detachSocket(tcp);
}
