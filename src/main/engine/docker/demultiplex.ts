// Docker's multiplexed stream (a container's logs or an exec without a TTY) read whole into text.
/** Docker's log stream for a container without a TTY: 8-byte headers (stream, 0, 0, 0, size). */
export function demultiplex(buffer: Buffer): string {
  let out = '';
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if (kind !== 0 && kind !== 1 && kind !== 2) return buffer.toString('utf8');
    out += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return offset === 0 ? buffer.toString('utf8') : out;
}
