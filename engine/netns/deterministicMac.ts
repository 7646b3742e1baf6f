/**
 * A MAC for an interface the kernel would give a random one: derived from the pod and the
 * interface name so previews are stable, with the locally-administered bit set and the
 * multicast bit clear (as the kernel's random MACs are).
 */
export function deterministicMac(podKey: string, ifname: string): string {
  const bytes = [...fnv1a(`${podKey}/${ifname}`), ...fnv1a(`${ifname}@${podKey}`)].slice(0, 6);
  bytes[0] = (bytes[0] & 0xfc) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function fnv1a(text: string): number[] {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [hash >>> 24, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff];
}
