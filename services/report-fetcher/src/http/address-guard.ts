import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { FetchError } from '../errors';

/** Address ranges a fetch must never reach (SSRF): the name of each range is what a refusal says. */
const RANGES: ReadonlyArray<[string, string, number, 'ipv4' | 'ipv6']> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['carrier-grade NAT', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['IETF protocol assignments', '192.0.0.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['benchmarking', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const lists = RANGES.map(([name, net, prefix, family]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { name, list, family };
});

/** The name of the forbidden range `address` falls in, or null when it is a public address. */
export function forbiddenRange(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  // IPv4-mapped (::ffff:10.0.0.1) and NAT64-embedded addresses are judged by the IPv4 address they carry.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return forbiddenRange(mapped[1]);
  const fam = family === 4 ? 'ipv4' : 'ipv6';
  for (const { name, list, family: f } of lists) if (f === fam && list.check(address, fam)) return name;
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family as 4 | 6,
  }));

/**
 * Resolves `host` and refuses it when any of its addresses is in a forbidden range and not explicitly allowed. Every
 * address is checked (not just the first) so a name that mixes a public and a private address cannot slip through,
 * and the checked addresses are the ones the connection then uses (no second look-up to rebind).
 */
export async function resolveAllowed(
  host: string,
  allowedPrivate: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress[]> {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  let addresses: ResolvedAddress[];
  if (isIP(bare) !== 0) addresses = [{ address: bare, family: isIP(bare) as 4 | 6 }];
  else {
    try {
      addresses = await resolve(bare);
    } catch (e) {
      throw new FetchError('dns_failed', `cannot resolve host ${bare}: ${(e as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new FetchError('dns_failed', `host ${bare} resolves to no address`);
  for (const { address } of addresses) {
    const range = forbiddenRange(address);
    if (range !== null && !allowedPrivate.includes(address))
      throw new FetchError(
        'address_not_allowed',
        `host ${bare} resolves to ${address}, a ${range} address; refusing to connect (allow it explicitly in http.allowedPrivateAddresses)`,
      );
  }
  return addresses;
}
