import { API_KEY_PREFIX } from '@crescent/persistence';

/** What a credential in a URL is replaced with. */
export const REDACTED = 'REDACTED';

/**
 * Query parameter names that carry a credential, compared lower-case without `-` or `_`
 * (`api_key`, `apiKey`, `x-api-key`, `access_token`…). The api reads its key from the
 * x-api-key header only, so none of them is ever a parameter an endpoint takes: they are
 * there because a client put its key in the URL.
 */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'apikey',
  'xapikey',
  'key',
  'token',
  'accesstoken',
  'authorization',
  'secret',
  'password',
]);

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

const holdsKey = (text: string): boolean => decoded(text).toLowerCase().includes(API_KEY_PREFIX);

/** Whether a query parameter is a credential: by its name, or because its value holds a key. */
export function isCredentialParameter(name: string, value: string): boolean {
  return (
    CREDENTIAL_NAMES.has(decoded(name).toLowerCase().replace(/[-_]/g, '')) ||
    holdsKey(name) ||
    holdsKey(value)
  );
}

/**
 * A request URL (path and query, as `request.url`) safe to echo in a problem's `instance` or
 * to log: each credential parameter keeps its name and loses its value (`api_key=REDACTED`),
 * and a path segment holding a key is replaced whole. Everything else is left as sent, so the
 * URL still says which request it was.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q))
    .split('/')
    .map((segment) => (holdsKey(segment) ? REDACTED : segment))
    .join('/');
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      if (!isCredentialParameter(name, value)) return pair;
      return holdsKey(name) ? REDACTED : `${name}=${REDACTED}`;
    })
    .join('&');
  return `${path}?${query}`;
}

/**
 * `text` (a framework's message that may quote the request: "Cannot GET /x?api_key=…") with
 * every quote of `url` replaced by `redactUrl(url)`.
 */
export function redactUrlIn(text: string, url: string): string {
  return text.split(url).join(redactUrl(url));
}

/** A key's shape: the prefix, then base64url. */
const KEY_TEXT = new RegExp(`${API_KEY_PREFIX}[A-Za-z0-9_-]*`, 'gi');

/** `text` (a message that quotes what the client sent) with every key in it replaced. */
export function redactKeys(text: string): string {
  return text.replace(KEY_TEXT, REDACTED);
}

/** A parsed query (as Fastify gives it) with the values of credential parameters replaced. */
export function redactQuery(query: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    const text = Array.isArray(value) ? value.map(String).join('&') : String(value);
    if (isCredentialParameter(name, text)) safe[holdsKey(name) ? REDACTED : name] = REDACTED;
    else safe[name] = value;
  }
  return safe;
}
