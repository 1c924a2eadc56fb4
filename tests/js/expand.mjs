// Expand every VEVENT of an iCalendar file between two instants with ical.js,
// printing [startUTC, endUTC] pairs as JSON: what Thunderbird would show.
// Usage: node expand.mjs FILE.ics 2027-01-01T00:00:00Z 2028-01-01T00:00:00Z
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, fromIso, toIso] = process.argv.slice(2);
const from = ICAL.Time.fromJSDate(new Date(fromIso), true);
const to = ICAL.Time.fromJSDate(new Date(toIso), true);
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));

for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

const vevents = root.getAllSubcomponents("vevent");
const overrides = new Map();
for (const component of vevents) {
  if (component.hasProperty("recurrence-id")) {
    const uid = component.getFirstPropertyValue("uid");
    if (!overrides.has(uid)) overrides.set(uid, []);
    overrides.get(uid).push(component);
  }
}

const out = [];
const iso = (time) => time.toJSDate().toISOString().replace(".000Z", "Z");
for (const component of vevents) {
  if (component.hasProperty("recurrence-id")) continue;
  const event = new ICAL.Event(component);
  for (const override of overrides.get(event.uid) ?? []) event.relateException(override);
  if (!event.isRecurring()) {
    if (event.startDate.compare(to) < 0 && event.endDate.compare(from) > 0) {
      out.push([iso(event.startDate), iso(event.endDate), event.uid]);
    }
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(), guard = 0; next && guard < 5000; next = iterator.next(), guard++) {
    const details = event.getOccurrenceDetails(next);
    if (details.startDate.compare(to) >= 0 && next.compare(to) >= 0) break;
    if (details.endDate.compare(from) <= 0) continue;
    if (details.startDate.compare(to) >= 0) continue;
    out.push([iso(details.startDate), iso(details.endDate), event.uid]);
  }
}
out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
process.stdout.write(JSON.stringify(out));
