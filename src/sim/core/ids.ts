/**
 * Identifier shapes AWS uses (AKIA…/ASIA… keys, AROA…/AIDA… unique ids), made either stable (derived from a
 * name, so a scenario always yields the same ids) or random (session credentials).
 */
import { createHash, randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function toBase32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += BASE32[(bytes[i % bytes.length] ?? 0) % 32];
  return out;
}

/** `prefix` + `length` upper-case characters derived from `seedText`: the same text, the same id. */
export function stableId(prefix: string, seedText: string, length = 16): string {
  return prefix + toBase32(createHash('sha256').update(seedText).digest(), length);
}

/** `prefix` + `length` random upper-case characters. */
export function randomId(prefix: string, length = 16): string {
  return prefix + toBase32(randomBytes(length), length);
}

/** A random secret-looking string (base64url); the simulator never checks secrets. */
export function randomSecret(length = 40): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}
