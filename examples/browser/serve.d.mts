/** Serves the files under `root` on http://127.0.0.1:`port`/ (loopback only); `port` 0 picks a free port. */
export function serveStatic(root: string, port?: number): Promise<{ url: string; close: () => Promise<void> }>;
