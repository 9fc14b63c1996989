// Downloading a file someone named in chat without letting them reach inside the network: https only, every address
// the host resolves to must be public (no loopback, private, link-local, cloud-metadata or other reserved ranges),
// the connection goes to the address that was checked (no DNS rebinding), every redirect is checked the same way,
// and size and time are limited. Errors say what went wrong, never what the server answered.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  /** Test-only: origins of local fakes ("http://127.0.0.1:4100") allowed as they are. */
  allowOrigins?: readonly string[];
}

export class UnsafeUrl extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeUrl";
  }
}

const blocked = new net.BlockList();
for (const [net4, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net4, bits, "ipv4");
for (const [net6, bits] of [
  ["::", 96], // unspecified, loopback and the deprecated IPv4-compatible form (::7f00:1)
  ["64:ff9b::", 96], // NAT64: reaches IPv4 addresses
  ["100::", 64], // discard
  ["2001:db8::", 32],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10],
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(net6, bits, "ipv6");

/** True for an address on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !blocked.check(address, "ipv4");
  if (family !== 6) return false;
  // IPv4-mapped and -compatible IPv6 (::ffff:127.0.0.1) are the IPv4 address.
  const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address); // the same, as URLs write it (::ffff:7f00:1)
  if (hex) {
    const [a, b] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return isPublicAddress(`${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`);
  }
  return !blocked.check(address, "ipv6");
}

/** Resolves like dns.lookup, but fails unless every address is public; the request then connects to those only. */
function publicLookup(hostname: string, options: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(new UnsafeUrl("the link's host name could not be resolved"), "");
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || !list.every((a) => isPublicAddress(a.address))) return callback(new UnsafeUrl("the link points inside a private network, which Tandem does not fetch"), "");
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}

function checkUrl(raw: string, opts: SafeFetchOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrl("that is not a valid link");
  }
  if (opts.allowOrigins?.includes(url.origin)) return url;
  if (url.protocol !== "https:") throw new UnsafeUrl("only https links can be imported");
  if (url.username || url.password) throw new UnsafeUrl("links with a user name or password are not fetched");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) && !isPublicAddress(host)) throw new UnsafeUrl("the link points inside a private network, which Tandem does not fetch");
  return url;
}

/** GETs `raw` as text under the rules above. */
export async function safeFetchText(raw: string, opts: SafeFetchOptions): Promise<string> {
  const deadline = Date.now() + opts.timeoutMs;
  let url = checkUrl(raw, opts);
  const origin = url.origin;
  for (let redirects = 0; ; redirects++) {
    // Credentials (Slack's bearer token) go to the origin they were meant for, never to where it redirects.
    const headers = url.origin === origin ? opts.headers : undefined;
    const answer = await getOnce(url, { ...opts, headers }, deadline);
    if (answer.kind === "body") return answer.text;
    if (redirects >= (opts.maxRedirects ?? 3)) throw new UnsafeUrl("the link redirects too many times");
    url = checkUrl(new URL(answer.location, url).toString(), opts);
  }
}

type Answer = { kind: "body"; text: string } | { kind: "redirect"; location: string };

function getOnce(url: URL, opts: SafeFetchOptions, deadline: number): Promise<Answer> {
  const trusted = opts.allowOrigins?.includes(url.origin) ?? false;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Answer>((resolveNow, rejectNow) => {
    const left = deadline - Date.now();
    if (left <= 0) return rejectNow(new UnsafeUrl("the download took too long"));
    // The whole answer must arrive by the deadline: the socket's own timeout only notices a server that goes quiet,
    // not one that sends a byte now and then.
    const deadlineTimer = setTimeout(() => req.destroy(new UnsafeUrl("the download took too long")), left);
    const resolve = (a: Answer) => {
      clearTimeout(deadlineTimer);
      resolveNow(a);
    };
    const reject = (err: Error) => {
      clearTimeout(deadlineTimer);
      rejectNow(err);
    };
    const req = client.get(url, { headers: opts.headers, timeout: left, ...(trusted ? {} : { lookup: publicLookup as never }) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return resolve({ kind: "redirect", location: res.headers.location });
      }
      if (status !== 200) {
        res.resume();
        return reject(new UnsafeUrl(`the server answered HTTP ${status}`));
      }
      if (Number(res.headers["content-length"] ?? 0) > opts.maxBytes) {
        res.destroy();
        return reject(new UnsafeUrl(`the file is larger than ${Math.round(opts.maxBytes / 1000)} kB`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) {
          res.destroy();
          reject(new UnsafeUrl(`the file is larger than ${Math.round(opts.maxBytes / 1000)} kB`));
        } else chunks.push(c);
      });
      res.on("end", () => resolve({ kind: "body", text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (err) => reject(err instanceof UnsafeUrl ? err : new UnsafeUrl("the download was cut off")));
    });
    req.on("timeout", () => req.destroy(new UnsafeUrl("the download took too long")));
    req.on("error", (err) => reject(err instanceof UnsafeUrl ? err : new UnsafeUrl("the server could not be reached")));
  });
}
