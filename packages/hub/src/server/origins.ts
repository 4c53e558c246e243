import { hostname, networkInterfaces } from 'node:os';

/**
 * Which pages may talk to the hub from a browser. A page's `Origin` must name the hub itself:
 * one of its own addresses or names (the address it listens on, every address of the machine's
 * network interfaces, its hostname and `<hostname>.local`, `localhost`, 127.0.0.1, [::1]) with
 * the hub's scheme and port, or one of the `--allow-origin` values (a name the hall's DNS gives
 * the hub, say). It used to be compared with the request's own `Host`, which a DNS-rebound name
 * (`evil.example` made to point at the hub) passes: the page of `http://evil.example:7800` then
 * reached the API as if it were the hub's own.
 */
export interface OriginPolicyOptions {
  /** The address the hub listens on (`0.0.0.0` and `::`: every address of the machine). */
  host: string;
  /** The port it listens on, once it does (port 0 is given one by the system). */
  port: () => number;
  tls: boolean;
  /** `--allow-origin` values, as `normalizeOrigin` made them. */
  allowed: readonly string[];
  /** The machine's name and interface addresses; os.hostname() and os.networkInterfaces(). */
  machine?: () => { hostname: string; addresses: string[] };
}

function machineNow(): { hostname: string; addresses: string[] } {
  const addresses = Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((i) => i.address),
  );
  return { hostname: hostname(), addresses };
}

/** `http://Hub.Example:7800/` → `http://hub.example:7800`; null for anything but an origin. */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    return null;
  if (url.pathname !== '/' && url.pathname !== '') return null;
  return url.origin;
}

/** `fe80::1%eth0` → `[fe80::1]`: how a URL writes an interface's address. */
function asUrlHost(address: string): string {
  const bare = address.replace(/%.*$/, '');
  return bare.includes(':') ? `[${bare.toLowerCase()}]` : bare.toLowerCase();
}

export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;
  private cached: { at: number; hosts: ReadonlySet<string> } | null = null;

  constructor(private readonly options: OriginPolicyOptions) {
    this.allowed = new Set(options.allowed);
  }

  /** The hub's own host names and addresses as a URL writes them, looked up at most every 10 s. */
  ownHosts(): ReadonlySet<string> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < 10_000) return this.cached.hosts;
    const machine = (this.options.machine ?? machineNow)();
    const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
    const name = machine.hostname.toLowerCase();
    if (name !== '') {
      hosts.add(name);
      hosts.add(`${name}.local`);
    }
    for (const address of machine.addresses) hosts.add(asUrlHost(address));
    const listen = this.options.host;
    if (listen !== '0.0.0.0' && listen !== '::' && listen !== '') hosts.add(asUrlHost(listen));
    this.cached = { at: now, hosts };
    return hosts;
  }

  /** True for an origin of the hub's own pages or one allowed by `--allow-origin`. */
  allows(origin: string): boolean {
    const normal = normalizeOrigin(origin);
    if (normal === null) return false;
    if (this.allowed.has(normal)) return true;
    const url = new URL(normal);
    const scheme = this.options.tls ? 'https:' : 'http:';
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return (
      url.protocol === scheme &&
      port === this.options.port() &&
      this.ownHosts().has(url.hostname.toLowerCase())
    );
  }

  /**
   * A browser's HTTP request: no `Origin` (a device, a tool, a page's own GET) passes; `null` (a
   * page whose referrer policy hides its origin, as the hub's own pages' `no-referrer` does on
   * a POST) is judged by the `Host` it was sent to; any other by the origin itself.
   */
  allowsRequest(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined) return true;
    if (origin !== 'null') return this.allows(origin);
    if (host === undefined) return false;
    return this.allows(`${this.options.tls ? 'https' : 'http'}://${host}`);
  }

  /** Why a request from `origin` is refused, for its error answer. */
  refusal(origin: string): string {
    const shown = origin.length > 200 ? `${origin.slice(0, 200)}…` : origin;
    return (
      `requests from the page of another site (Origin ${JSON.stringify(shown)}) are refused: ` +
      `open the hub's pages at one of its own addresses, or start the hub with ` +
      `--allow-origin ORIGIN for a name the hall gives it`
    );
  }
}
