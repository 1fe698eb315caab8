import ipaddr from 'ipaddr.js';
import { describeValue } from '../registry/errors';

/**
 * IPv4 CIDR math on top of ipaddr.js (parsing, validation, network addresses). Blocks are kept as
 * [first address as an unsigned 32-bit number, prefix length] so containment and overlap are
 * integer comparisons.
 */
export interface Ipv4Block {
  readonly cidr: string;
  readonly start: number;
  readonly prefixLength: number;
}

/** Why a string is not a usable IPv4 network CIDR, or undefined when it is one. */
export function cidrProblem(value: string): string | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value) || !ipaddr.IPv4.isValidFourPartDecimal(value.split('/')[0])) {
    return `${describeValue(value)} is not a valid IPv4 CIDR (expected a.b.c.d/n, e.g. "10.0.0.0/16")`;
  }
  const prefix = Number(value.split('/')[1]);
  if (prefix > 32) return `"${value}" is not a valid IPv4 CIDR (prefix length ${prefix} is over 32)`;
  const network = ipaddr.IPv4.networkAddressFromCIDR(value).toString();
  if (`${network}/${prefix}` !== value) return `"${value}" has host bits set; the network is "${network}/${prefix}"`;
  return undefined;
}

export function parseBlock(cidr: string): Ipv4Block {
  const problem = cidrProblem(cidr);
  if (problem) throw new Error(problem);
  const [address, prefixLength] = ipaddr.IPv4.parseCIDR(cidr);
  return { cidr, start: toNumber(address), prefixLength };
}

export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

export function blockEnd(block: Ipv4Block): number {
  return block.start + blockSize(block.prefixLength) - 1;
}

export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.start >= outer.start && blockEnd(inner) <= blockEnd(outer);
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start <= blockEnd(b) && b.start <= blockEnd(a);
}

/** The block of `prefixLength` starting at the first aligned address at or after `from`. */
export function alignedBlockAt(from: number, prefixLength: number): Ipv4Block {
  const size = blockSize(prefixLength);
  const start = Math.ceil(from / size) * size;
  return { cidr: `${fromNumber(start)}/${prefixLength}`, start, prefixLength };
}

/**
 * AWS reserves five addresses in every subnet (network, VPC router, DNS, future use, broadcast):
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 */
export function usableAddresses(prefixLength: number): number {
  return Math.max(0, blockSize(prefixLength) - 5);
}

function toNumber(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((value, octet) => value * 256 + octet, 0);
}

function fromNumber(value: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256);
  return new ipaddr.IPv4(octets).toString();
}
