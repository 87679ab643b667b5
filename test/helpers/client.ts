import type { TestContext } from './context';
import { TEST_ORIGIN } from './context';
import { TEST_PASSWORD } from './factories';

export interface RequestOptions {
  method?: string;
  form?: Record<string, string>;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  /** the client's socket address; differs per client so address throttling can be tested */
  address?: string;
}

/**
 * A small browser stand-in over app.request(): keeps cookies, sends the Origin header a browser sends
 * with a same-origin form post, and never follows redirects (tests assert them).
 */
export class TestClient {
  cookies = new Map<string, string>();
  constructor(
    private ctx: TestContext,
    private defaults: { address?: string; headers?: Record<string, string> } = {},
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absorb(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, opts: RequestOptions = {}): Promise<Response> {
    const method = opts.method ?? (opts.form || opts.body ? 'POST' : 'GET');
    const headers: Record<string, string> = { ...this.defaults.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    let body: RequestInit['body'] | undefined = opts.body;
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (method !== 'GET' && method !== 'HEAD') headers.origin = TEST_ORIGIN;
    Object.assign(headers, opts.headers);
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    const address = opts.address ?? this.defaults.address ?? '198.51.100.7';
    const env = { incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } };
    const res = await this.ctx.app.request(`${TEST_ORIGIN}${path}`, { method, headers, body, redirect: 'manual' }, env as never);
    this.absorb(res);
    return res;
  }

  get(path: string, opts: Omit<RequestOptions, 'method'> = {}) {
    return this.request(path, { ...opts, method: 'GET' });
  }

  post(path: string, form: Record<string, string>, opts: Omit<RequestOptions, 'form'> = {}) {
    return this.request(path, { ...opts, method: 'POST', form });
  }

  async signIn(phone: string, password = TEST_PASSWORD): Promise<Response> {
    const res = await this.post('/login', { phone, password });
    if (res.status !== 303) throw new Error(`sign-in as ${phone} failed with ${res.status}`);
    return res;
  }
}

export function sessionCookieOf(client: TestClient): string | undefined {
  return client.cookies.get('vip_session');
}
