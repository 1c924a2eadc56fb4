// Validates OpenActive items (JSON on stdin: a list of JSON-LD objects, or RPDE pages) with the
// OpenActive data model validator, offline: the only remote document it asks for is the Activity List,
// served from a cache seeded with the copy Commonroom ships (scheduling/openactive/data). Prints one JSON
// array per input: the validator's messages, each {severity, type, path, message}.
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { validate } = require('@openactive/data-model-validator');

const LIST_URL = 'https://openactive.io/activity-list';
const listPath = path.join(__dirname, '..', '..', 'scheduling', 'openactive', 'data', 'activity-list.jsonld');

function seededCache() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-validator-'));
  const data = JSON.parse(fs.readFileSync(listPath, 'utf8'));
  const key = crypto.createHash('sha256').update(LIST_URL).digest('hex');
  const entry = {
    errorCode: 'error_none', data, statusCode: 200, url: LIST_URL, exception: null,
    contentType: 'application/ld+json', fetchTime: Date.now(),
  };
  fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify(entry));
  return dir;
}

(async () => {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const cache = seededCache();
  const options = {
    loadRemoteJson: true, remoteJsonCachePath: cache, remoteJsonCacheTimeToLive: 86400, rpdeItemLimit: 100000,
  };
  const results = [];
  for (const model of input) {
    const messages = await validate(model, options);
    results.push(messages.map((m) => ({ severity: m.severity, type: m.type, path: m.path, message: m.message })));
  }
  fs.rmSync(cache, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(2); });
