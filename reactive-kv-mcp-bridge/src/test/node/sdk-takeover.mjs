// The official MCP TypeScript SDK client across a server restart (run by reactive-kv-cli's SessionTakeoverSdkTest).
//   node sdk-takeover.mjs URL_A URL_B CMD_FIFO ACK_FIFO COLLECTION
// Two `reactive-kv serve --http` instances, A and B, share one Redis. The client initialises and subscribes on A;
// a write through B is notified. Then the Java side kills A (`kill` on CMD_FIFO, "ok" back on ACK_FIFO), so the
// listening stream drops; the script writes through B while no instance holds the session; the Java side starts A
// again on the same port (`start`). The client, reconnecting its stream with Last-Event-ID, must be told of that
// write, and its old session id must still work (a read through A returns the value written meanwhile).
// Prints "PASS ..." and exits 0, or prints the failure and exits 1. Gives up after 200 s.
import fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { assert, fail, until } from './helpers.mjs';

const PATIENCE = 90_000; // a restart on a loaded machine

const [urlA, urlB, cmdFifo, ackFifo, collection] = process.argv.slice(2);
const uri = `kv://${encodeURIComponent(collection)}/k`;
const killer = setTimeout(() => fail(new Error('timed out after 200 s')), 200_000);


// asynchronous, so that the client's timers (stream reconnection) keep running while the Java side works
async function control(line) {
  console.log(`control: ${line}`);
  await fs.promises.writeFile(cmdFifo, line + '\n');
  const ack = (await fs.promises.readFile(ackFifo, 'utf8')).trim();
  assert(ack === 'ok', `'${line}' answered '${ack}'`);
}

async function put(client, v) {
  const r = await client.callTool({ name: 'kv_put', arguments: { collection, key: 'k', value: { v } } });
  assert(!r.isError, `kv_put failed: ${JSON.stringify(r)}`);
}

try {
  const updates = [];
  const client = new Client({ name: 'rkv-takeover', version: '1.0.0' });
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); });
  // reconnect the listening stream for as long as a restart takes
  const transport = new StreamableHTTPClientTransport(new URL(urlA), {
    reconnectionOptions: { initialReconnectionDelay: 200, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1.5, maxRetries: 240 },
  });
  transport.onerror = () => {}; // the dropped stream and refused reconnections are expected
  await client.connect(transport);
  const session = transport.sessionId;
  assert(session, 'A gave a session id');
  await client.subscribeResource({ uri });

  const writer = new Client({ name: 'rkv-writer', version: '1.0.0' });
  await writer.connect(new StreamableHTTPClientTransport(new URL(urlB)));
  await put(writer, 1);
  await until('resources/updated for the write through B', () => updates.includes(uri), PATIENCE);

  await control('kill');
  const before = updates.length;
  await put(writer, 2);
  await control('start');

  await until('resources/updated for the write made while A was down', () => updates.length > before, PATIENCE);
  assert(transport.sessionId === session, 'the client kept its session id');
  const read = await client.readResource({ uri });
  assert(JSON.parse(read.contents[0].text).v === 2, `read after restart: ${read.contents[0].text}`);
  const got = await client.callTool({ name: 'kv_get', arguments: { collection, key: 'k' } });
  assert(!got.isError && got.structuredContent.value.v === 2, `kv_get after restart: ${JSON.stringify(got)}`);

  await writer.close();
  await client.close();
  clearTimeout(killer);
  console.log(`PASS session ${session} survived the restart of A; ${updates.length} updates`);
  process.exit(0);
} catch (e) {
  fail(e);
}
