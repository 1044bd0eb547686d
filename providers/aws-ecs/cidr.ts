// IPv4 CIDR arithmetic for judging the rules a target's security groups hold (apply's checks, observe).
// Bulkhead's own: the emulator keeps its separate one.

function parse(cidr: string): { base: number; size: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  return { base: address - (address % size), size };
}

/** Whether every address of `inner` is in `outer`. */
export function contains(outer: string, inner: string): boolean {
  const a = parse(outer);
  const b = parse(inner);
  return !!a && !!b && b.base >= a.base && b.base + b.size <= a.base + a.size;
}

/** Whether the two blocks share any address (0.0.0.0/0 overlaps everything). */
export function overlaps(x: string, y: string): boolean {
  const a = parse(x);
  const b = parse(y);
  return !!a && !!b && a.base < b.base + b.size && b.base < a.base + a.size;
}
