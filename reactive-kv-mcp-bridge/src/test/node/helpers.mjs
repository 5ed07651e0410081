// Shared by the client scripts: failing loudly, assertions, bounded polling.

/** Prints the failure and exits 1. */
export function fail(e) {
  console.log(`FAIL ${e && e.stack ? e.stack : e}`);
  process.exit(1);
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

/** Resolves when pred() holds, polling every 10 ms; rejects after ms. */
export async function until(what, pred, ms = 20_000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
