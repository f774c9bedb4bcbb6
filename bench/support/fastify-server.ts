/**
 * Fastify with the host's @fastify/websocket and a route that does what the raw server does (keep
 * the socket by user): the share of Stockbell's cost that comes with the framework, not with
 * Stockbell. Loads no Stockbell code. With `release`, the route lets the upgrade's request and
 * response go (release-upgrade.ts): what the framework costs without them.
 */
import type { AddressInfo } from 'node:net';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';
import type { RawServer } from './raw-server.ts';
import { releaseUpgrade } from './release-upgrade.ts';

export async function startFastifyWs(release = false): Promise<RawServer> {
  const app = Fastify({ logger: false });
  await app.register(websocket);
  const byUser = new Map<string, WebSocket>();
  app.get('/ws', { websocket: true }, (socket, request) => {
    const user = String(request.headers['x-user']);
    byUser.set(user, socket);
    if (release) releaseUpgrade(socket);
    socket.on('close', () => {
      if (byUser.get(user) === socket) byUser.delete(user);
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { port, byUser, connected: () => app.websocketServer.clients.size, close: () => app.close() };
}
