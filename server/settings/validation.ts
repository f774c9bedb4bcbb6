/**
 * What JSON schemas cannot say about a setting: a public URL that really is one, an origin with
 * nothing but scheme, host and port, allow-list entries the endpoint policy understands. Each
 * returns an error message (the caller prefixes the field) or null.
 */
import { createEndpointPolicy } from '../channels/index.ts';

export function checkPublicUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://inventory.example.com';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment';
  return null;
}

/** `https://inventory.example.com` or `http://localhost:3000`: an origin exactly as browsers send it. */
export function checkOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an origin such as https://inventory.example.com';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.origin !== value) return `must be an origin only (scheme, host and port), e.g. ${url.origin}`;
  return null;
}

export function checkAllowList(entries: readonly string[]): string | null {
  try {
    createEndpointPolicy({ allow: entries });
    return null;
  } catch (error) {
    // The policy's OptionError reads 'stockbell: option "endpoint allow-list" entry "x" is not …'.
    const message = (error as Error).message;
    const entry = /entry ".*/.exec(message);
    return entry ? entry[0] : 'has an entry that is not an IP address, CIDR range or host name';
  }
}
