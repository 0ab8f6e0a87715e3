// A message with a file attachment through the third-party npm client @figuro/chatwoot-sdk (pinned in
// package.json / package-lock.json beside this file), then the attachment's URLs fetched like a
// browser does (redirects followed), against a running fakewoot.
//
//   node attachments_flow.mjs BASE_URL API_ACCESS_TOKEN ACCOUNT_ID CONVERSATION_ID
//
// The client's messages.create sends `attachments` as multipart `attachments[]` parts
// (dist/services/Messages.js, dist/core/request.js getFormData). Exits 0 and prints one JSON line
// {"ok": true, ...} when every step behaved; a failure exits non-zero with the reason on stderr.

import assert from "node:assert/strict";

import sdk from "@figuro/chatwoot-sdk";

const ChatwootClient = sdk.default;

const [baseUrl, token, accountArg, conversationArg] = process.argv.slice(2);
if (!baseUrl || !token || !accountArg || !conversationArg) {
  console.error("usage: node attachments_flow.mjs BASE_URL API_ACCESS_TOKEN ACCOUNT_ID CONVERSATION_ID");
  process.exit(2);
}
const accountId = Number(accountArg);
const conversationId = Number(conversationArg);
const config = { basePath: baseUrl, with_credentials: false, credentials: "omit", token };
const client = new ChatwootClient({ config });

// a PNG signature and some bytes: enough for FileTypeHelper and the blob's identified type
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("fakewoot png body")]);
const text = Buffer.from("plain text attachment\n");

async function fetched(url) {
  const response = await fetch(url, { redirect: "follow" });
  assert.equal(response.status, 200, `GET ${url}: ${response.status}`);
  return { bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get("content-type") };
}

try {
  const message = await client.messages.create({
    accountId,
    conversationId,
    data: {
      content: "see attached",
      attachments: [
        { content: png.toString("base64"), encoding: "base64", filename: "shot.png" },
        { content: text.toString("base64"), encoding: "base64", filename: "notes.txt" },
      ],
    },
  });
  assert.equal(message.content, "see attached");
  assert.equal(message.attachments.length, 2);
  const [image, file] = message.attachments;
  assert.deepEqual([image.file_type, image.file_size, file.file_type, file.file_size], ["image", png.length, "file", text.length]);
  assert.equal(file.thumb_url, "");

  const original = await fetched(image.data_url);
  assert.ok(original.bytes.equals(png), "data_url serves the uploaded bytes");
  assert.equal(original.type, "image/png");
  const thumb = await fetched(image.thumb_url);
  assert.ok(thumb.bytes.equals(png), "thumb_url serves the original (fakewoot processes no image)");
  const notes = await fetched(file.data_url);
  assert.ok(notes.bytes.equals(text), "a text attachment's data_url serves its bytes");

  const listed = await client.messages.list({ accountId, conversationId });
  const last = listed.payload[listed.payload.length - 1];
  assert.deepEqual(last.attachments.map((a) => a.data_url), [image.data_url, file.data_url]);
  console.log(JSON.stringify({ ok: true, attachments: message.attachments.map((a) => a.file_type), bytes: original.bytes.length }));
} catch (error) {
  console.error(error?.stack ?? String(error), error?.body ? JSON.stringify(error.body) : "");
  process.exit(1);
}
