import { readSync } from 'node:fs';
import type { IPty } from 'node-pty';

/**
 * Reads what the kernel still holds for a PTY whose other side has closed, the moment node-pty's
 * stream sees end-of-file. On Linux, libuv takes "short read + POLLHUP" for end-of-file while the
 * PTY still has output queued (a terminal hands out at most 4 KiB per read), so without this the
 * last output of a program that exits is dropped in roughly a third of bulk-output runs
 * (microsoft/node-pty#85, #726). At 'end' the descriptor is still open; after it, it is closed.
 *
 * Uses node-pty's untyped `fd` and `on('end')` of its Unix terminal; where they are missing
 * (Windows), it does nothing.
 */
export function drainOnEndOfFile(pty: IPty, onBytes: (bytes: Buffer) => void): void {
  const unix = pty as unknown as { fd?: unknown; on?: unknown };
  const fd = unix.fd;
  if (typeof fd !== 'number' || typeof unix.on !== 'function') return;
  (unix.on as (event: string, listener: () => void) => void).call(pty, 'end', () => {
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, buffer.length, null);
      } catch {
        // EIO: nothing left; EAGAIN: nothing queued.
        return;
      }
      if (read <= 0) return;
      onBytes(Buffer.from(buffer.subarray(0, read)));
    }
  });
}
