/**
 * Input files (accounts.yaml, scenarios) must be UTF-8 text. A binary file handed to a YAML parser yields
 * thousands of syntax errors, each echoing garbage; this check turns it into one error naming the file and
 * the fix, before any parsing.
 */

/** Why bytes are not UTF-8 text, or undefined when they are. */
export function notTextReason(bytes: Uint8Array): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `it holds a NUL byte (at byte ${nul}): it is binary (or UTF-16), not UTF-8 text`;
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== undefined) return `it is not UTF-8 text (byte ${invalid} starts no UTF-8 character)`;
  return undefined;
}

/** The text of bytes that notTextReason accepted (a leading byte-order mark dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The offset of the first byte of an invalid UTF-8 sequence, or undefined when all of it is valid. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // Only on failure: feed byte by byte to find where (a binary file fails within its first bytes).
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let sequenceStart = 0;
    for (const [i, byte] of bytes.entries()) {
      if ((byte & 0xc0) !== 0x80) sequenceStart = i;
      try {
        decoder.decode(bytes.subarray(i, i + 1), { stream: true });
      } catch {
        return sequenceStart;
      }
    }
    return sequenceStart;
  }
}
