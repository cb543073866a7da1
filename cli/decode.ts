/** Strict UTF-8 for single files the CLI reads whole; a BOM is not part of the text. */
export function decodeUtf8Strict(bytes: Uint8Array, file: string): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
  } catch {
    throw new Error(`${file}: not valid UTF-8`);
  }
}
