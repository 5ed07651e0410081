// Drives the bridge with the official MCP TypeScript SDK client (run by SdkClientInteropTest).
//   node sdk-client.mjs http URL [--direct CMD_FIFO ACK_FIFO]
//   node sdk-client.mjs stdio [--direct CMD_FIFO ACK_FIFO] -- COMMAND ARGS...
// With --direct, changes "via the store directly" are asked of the Java side through two FIFOs: one line
// ("put C K JSON", "fill C N") written to CMD_FIFO, then "ok" read back from ACK_FIFO once it is applied.
// Without it, the direct change is skipped and the 1,000 keys are written with the kv_put tool.
// Prints "PASS ..." and exits 0, or prints the failure and exits 1. Gives up after 90 s.
import fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { assert, fail, until } from './helpers.mjs';

const KEYS = 1000;
const argv = process.argv.slice(2);
const mode = argv.shift();
let url;
let direct;
let command = [];
while (argv.length) {
  const a = argv.shift();
  if (a === '--direct') direct = { cmd: argv.shift(), ack: argv.shift() };
  else if (a === '--') { command = argv.splice(0); }
  else if (mode === 'http' && !url) url = a;
  else throw new Error(`unexpected argument ${a}`);
}

const killer = setTimeout(() => fail(new Error('timed out after 90 s')), 90_000);


function directly(line) {
  fs.writeFileSync(direct.cmd, line + '\n');
  const ack = fs.readFileSync(direct.ack, 'utf8').trim();
  assert(ack === 'ok', `direct write '${line}' answered '${ack}'`);
}

function text(result) {
  return result.contents[0].text;
}

async function main() {
  const transport = mode === 'http'
    ? new StreamableHTTPClientTransport(new URL(url))
    : new StdioClientTransport({ command: command[0], args: command.slice(1), stderr: 'inherit' });
  const client = new Client({ name: 'reactive-kv-interop', version: '1.0.0' }, { capabilities: {} });
  const updated = [];
  let listChanged = 0;
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updated.push(n.params.uri); });
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => { listChanged++; });
  await client.connect(transport);
  assert(client.getServerCapabilities().resources.subscribe === true, 'server offers subscriptions');

  const uri = 'kv://notes/today';
  const count = () => updated.filter((u) => u === uri).length;
  await client.subscribeResource({ uri }); // the key does not exist yet

  // change via a tool
  const put = await client.callTool({ name: 'kv_put',
    arguments: { collection: 'notes', key: 'today', value: { text: 'via tool' } } });
  assert(!put.isError, `kv_put succeeded: ${JSON.stringify(put)}`);
  await until('updated after kv_put', () => count() >= 1);
  await until('list_changed after the creation', () => listChanged >= 1);
  assert(JSON.parse(text(await client.readResource({ uri }))).text === 'via tool', 'read the tool write');

  // change via the store directly
  if (direct) {
    const before = count();
    directly(`put notes today {"text":"direct"}`);
    await until('updated after a direct write', () => count() > before);
    assert(JSON.parse(text(await client.readResource({ uri }))).text === 'direct', 'read the direct write');
  }

  // delete: updated and list_changed
  const beforeDelete = count();
  const listBeforeDelete = listChanged;
  const del = await client.callTool({ name: 'kv_delete', arguments: { collection: 'notes', key: 'today' } });
  assert(!del.isError, `kv_delete succeeded: ${JSON.stringify(del)}`);
  await until('updated after delete', () => count() > beforeDelete);
  await until('list_changed after delete', () => listChanged > listBeforeDelete);
  let missing;
  try { await client.readResource({ uri }); } catch (e) { missing = e; }
  assert(missing && missing.code === -32002, `deleted resource is not found (${missing})`);
  await client.unsubscribeResource({ uri });

  // 1,000 keys, paged with cursors, each read exactly once
  if (direct) {
    directly(`fill bulk ${KEYS}`);
  } else {
    for (let i = 0; i < KEYS; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => client.callTool({ name: 'kv_put',
        arguments: { collection: 'bulk', key: `key${String(i + j).padStart(4, '0')}`, value: { i: i + j } } })));
    }
  }
  const seen = new Set();
  let cursor;
  let pages = 0;
  do {
    const page = await client.listResources(cursor === undefined ? {} : { cursor });
    pages++;
    for (const r of page.resources) {
      assert(!seen.has(r.uri), `listed twice: ${r.uri}`);
      seen.add(r.uri);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const bulk = [...seen].filter((u) => u.startsWith('kv://bulk/'));
  assert(bulk.length === KEYS, `listed ${bulk.length} of ${KEYS} keys`);
  assert(pages > 1, `paged (${pages} pages)`);
  let bad;
  try {
    await client.listResources({ cursor: 'forged' });
  } catch (e) { bad = e; }
  assert(bad && bad.code === -32602, `a forged cursor is invalid params (${bad})`);
  const values = new Set();
  for (let i = 0; i < bulk.length; i += 50) {
    const reads = await Promise.all(bulk.slice(i, i + 50).map((u) => client.readResource({ uri: u })));
    reads.forEach((r) => values.add(JSON.parse(text(r)).i));
  }
  assert(values.size === KEYS, `read ${values.size} distinct values of ${KEYS}`);

  await client.close();
  clearTimeout(killer);
  console.log(`PASS ${mode}: updates=${updated.length} listChanged=${listChanged} pages=${pages} keys=${bulk.length}`);
  process.exit(0);
}

main().catch(fail);
