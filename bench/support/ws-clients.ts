/**
 * A crowd of browser stand-ins in their own process, so the server under test has the machine's
 * other core to itself and its memory is not mixed with theirs. Sockets come in named groups
 * (one per server variant); each socket is one user (`x-user: <prefix><i>`) with the given Origin.
 *
 *   open    connect a group with bounded concurrency (the accept backlog is finite)
 *   arm     expect one `notification` frame on every socket of a group
 *   collect wait until all have arrived: when the last one did (CLOCK_MONOTONIC) and one sample frame
 *   close   close a group and wait for every socket to be gone
 */
import WebSocket from 'ws';
import { monotonicMs, requireFdLimit, serve } from './child.ts';

interface Armed {
  run: number;
  expected: number;
  received: number;
  duplicates: number;
  lastAt: number;
  sample: string | null;
  done: Promise<void>;
  resolve: () => void;
}

interface Group {
  sockets: WebSocket[];
  /** The run in which each socket last got its notification: a second one in the same run is a duplicate. */
  seen: Uint32Array;
  armed: Armed | null;
  runs: number;
}

const NOTIFICATION = Buffer.from('{"type":"notification"');
const groups = new Map<string, Group>();

export interface OpenArgs {
  group: string;
  url: string;
  origin: string;
  prefix: string;
  count: number;
  /** Resolve each connection only after the server's first frame (Stockbell speaks first: the unread count). */
  firstFrame: boolean;
  concurrency?: number;
}

async function open({ group: name, url, origin, prefix, count, firstFrame, concurrency = 200 }: OpenArgs) {
  requireFdLimit(count + [...groups.values()].reduce((n, g) => n + g.sockets.length, 0) + 100);
  if (groups.has(name)) throw new Error(`group ${name} is open`);
  const group: Group = { sockets: new Array(count), seen: new Uint32Array(count), armed: null, runs: 0 };
  groups.set(name, group);
  const started = monotonicMs();
  let next = 0;
  const connectOne = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { origin, 'x-user': `${prefix}${i}` }, perMessageDeflate: false });
      group.sockets[i] = socket;
      let greeted = !firstFrame;
      socket.on('message', (data: Buffer) => {
        if (!greeted) {
          greeted = true;
          resolve();
        }
        onFrame(group, i, data);
      });
      socket.once('open', () => {
        if (greeted) resolve();
      });
      socket.once('unexpected-response', (_request, response) => reject(new Error(`${url} as ${prefix}${i}: HTTP ${response.statusCode}`)));
      socket.on('error', reject);
    });
  const worker = async () => {
    while (next < count) await connectOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { ms: monotonicMs() - started };
}

function onFrame(group: Group, i: number, data: Buffer): void {
  const armed = group.armed;
  if (!armed || data.length < NOTIFICATION.length || data.compare(NOTIFICATION, 0, NOTIFICATION.length, 0, NOTIFICATION.length) !== 0) return;
  if (group.seen[i] === armed.run) {
    armed.duplicates++;
    return;
  }
  group.seen[i] = armed.run;
  armed.sample ??= data.toString();
  if (++armed.received === armed.expected) {
    armed.lastAt = monotonicMs();
    armed.resolve();
  }
}

function arm({ group: name }: { group: string }) {
  const group = mustGet(name);
  let resolve = () => {};
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  group.armed = { run: ++group.runs, expected: group.sockets.length, received: 0, duplicates: 0, lastAt: 0, sample: null, done, resolve };
  return null;
}

async function collect({ group: name, timeoutMs = 60_000 }: { group: string; timeoutMs?: number }) {
  const armed = mustGet(name).armed;
  if (!armed) throw new Error(`group ${name} is not armed`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: ${armed.received}/${armed.expected} notification frames after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([armed.done, timeout]);
  } finally {
    clearTimeout(timer);
  }
  mustGet(name).armed = null;
  return { lastAt: armed.lastAt, duplicates: armed.duplicates, sample: armed.sample };
}

async function close({ group: name }: { group: string }) {
  const group = groups.get(name);
  if (!group) return null;
  groups.delete(name);
  await Promise.all(
    group.sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (!socket || socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close();
          // A server that never answers the close handshake does not hold the benchmark up.
          setTimeout(() => socket.terminate(), 5_000).unref();
        }),
    ),
  );
  return null;
}

function mustGet(name: string): Group {
  const group = groups.get(name);
  if (!group) throw new Error(`no group ${name}`);
  return group;
}

serve({ open, arm, collect, close }, async () => {
  for (const name of [...groups.keys()]) await close({ group: name });
});
