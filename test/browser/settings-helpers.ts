/**
 * What the browser tests of `<stockbell-settings>` and `<stockbell-admin>` share: locators, the
 * preferences as the API reports them, a webhook receiver on loopback, and the allow-list setting
 * that lets endpoints reach it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { expect } from './fixtures.ts';

export const PREFIX = '/plugins/stockbell';
export const settings = (page: Page) => page.locator('stockbell-settings');
export const admin = (page: Page) => page.locator('stockbell-admin');
export const status = (widget: ReturnType<typeof settings>) => widget.locator('.sb-settings-wrap > [role=status], .sb-admin-wrap > [role=status]');
/** The table cell around a checkbox. */
export const cellOf = (box: ReturnType<Page['locator']>) => box.locator('xpath=ancestor::td[1]');

/** Focused element as seen through shadow roots: `tag[aria-label]` or `tag#text`. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return 'none';
    return `${el.tagName.toLowerCase()}[${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}]`;
  });

export async function preferences(request: APIRequestContext) {
  const response = await request.get(`${PREFIX}/preferences`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as {
    matrix: Record<string, Record<string, { enabled: boolean; source: string }>>;
    email: { mode: string; digestHour: number; timeZone: string };
    endpoints: { id: string; name: string; url: string }[];
    quietHours: { nights: { from: string; to: string } | null; weekends: boolean };
    urgentKinds: string[];
  };
}

/** A webhook receiver on loopback: answers `answer` (changeable), records what it got. */
export interface Receiver {
  url: string;
  answer: number;
  received: { headers: IncomingHttpHeaders; body: string }[];
}

/** A receiver for this file's tests: listening before the first, closed after the last. */
export function loopbackReceiver(): Receiver {
  let server: Server;
  const receiver: Receiver = { url: '', answer: 200, received: [] };
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        receiver.received.push({ headers: request.headers, body });
        response.writeHead(receiver.answer, { 'content-type': 'text/plain' }).end(receiver.answer < 300 ? 'ok' : 'gone');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/abcdefghijklmnop`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  return receiver;
}

/** Let endpoints reach the loopback receiver (the allow-list is a global setting). */
export async function allowLoopback(request: APIRequestContext) {
  const response = await request.patch(`${PREFIX}/admin/settings`, { data: { endpointAllowList: ['127.0.0.1'] } });
  expect(response.ok()).toBe(true);
}
