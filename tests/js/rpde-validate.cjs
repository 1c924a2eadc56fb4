// Walks one RPDE feed with OpenActive's own RPDE validator (@openactive/rpde-validator) and prints every
// message it raised as one JSON array of {url, severity, type, message}. Usage: node rpde-validate.cjs URL
// [pageLimit]. It only fetches the URL it is given and the next links the feed returns (no other network).
const { RpdeValidator } = require('@openactive/rpde-validator');

(async () => {
  const [url, pageLimit] = process.argv.slice(2);
  const log = await RpdeValidator(url, { pageLimit: Number(pageLimit || 20), timeoutMs: 30000 });
  const found = [];
  for (const page of log.pages) {
    for (const error of page.errors) {
      found.push({ url: page.url, severity: error.severity, type: error.type, message: error.message });
    }
  }
  process.stdout.write(JSON.stringify(found));
})().catch((error) => { console.error(error); process.exit(2); });
