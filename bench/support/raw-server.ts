/**
 * The baseline: a `ws` WebSocketServer on a bare http.Server that keeps the least any real server
 * must — the socket by user, from the same `x-user` header — and nothing else: no auth, no Origin
 * check, no database. This file loads nothing but `ws`, so a raw server process holds only that.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RawServer {
  port: number;
  byUser: Map<string, WebSocket>;
  connected(): number;
  close(): Promise<void>;
}

export async function startRaw(): Promise<RawServer> {
  const server = createServer((_request, response) => response.writeHead(426).end());
  const wss = new WebSocketServer({ server });
  const byUser = new Map<string, WebSocket>();
  wss.on('connection', (socket, request) => {
    const user = String(request.headers['x-user']);
    byUser.set(user, socket);
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      if (byUser.get(user) === socket) byUser.delete(user);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    byUser,
    connected: () => wss.clients.size,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
