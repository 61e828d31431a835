import { DateTime, IANAZone } from 'luxon';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

/**
 * The time zones a policy can be written in. Azure stores a policy's `timeZone` as a Windows id
 * ("W. Europe Standard Time"); people know zones by their IANA name ("Europe/Berlin"). The list is
 * windows-iana's (CLDR windowsZones): every Windows id with its main IANA zone (territory 001).
 */
export interface TimeZoneChoice {
  /** Windows id, as Azure wants it in the policy. */
  windowsId: string;
  /** Main IANA zone of that id. */
  ianaZone: string;
}

let cached: TimeZoneChoice[] | undefined;

export function timeZoneChoices(): TimeZoneChoice[] {
  if (cached) return cached;
  const byId = new Map<string, string>();
  for (const entry of WINDOWS_TO_IANA_MAP) {
    if (entry.territory !== '001' || byId.has(entry.windowsName)) continue;
    const iana = entry.iana.find((zone) => IANAZone.isValidZone(zone));
    if (iana) byId.set(entry.windowsName, iana);
  }
  cached = [...byId].map(([windowsId, ianaZone]) => ({ windowsId, ianaZone }));
  return cached;
}

/** The choice for a Windows id (case-insensitive), or undefined when Azure would not know it. */
export function findTimeZone(windowsId: string): TimeZoneChoice | undefined {
  const wanted = windowsId.trim().toLowerCase();
  return timeZoneChoices().find((choice) => choice.windowsId.toLowerCase() === wanted);
}

/** "UTC+01:00" at `at` (the offset moves with daylight saving). */
export function utcOffsetLabel(ianaZone: string, at: Date): string {
  const offset = DateTime.fromJSDate(at, { zone: ianaZone }).toFormat('ZZ');
  return `UTC${offset}`;
}

/** "Europe/Berlin (W. Europe Standard Time, UTC+01:00)": what the card shows for one zone. */
export function timeZoneTitle(choice: TimeZoneChoice, at: Date): string {
  const iana = choice.ianaZone.startsWith('Etc/') ? choice.windowsId : choice.ianaZone;
  return iana === choice.windowsId ? `${iana} (${utcOffsetLabel(choice.ianaZone, at)})` : `${iana} (${choice.windowsId}, ${utcOffsetLabel(choice.ianaZone, at)})`;
}

/** Every zone for a choice list, west to east, then by name. */
export function sortedTimeZoneChoices(at: Date): Array<TimeZoneChoice & { title: string }> {
  return timeZoneChoices()
    .map((choice) => ({ ...choice, title: timeZoneTitle(choice, at), offset: DateTime.fromJSDate(at, { zone: choice.ianaZone }).offset }))
    .sort((a, b) => a.offset - b.offset || a.title.localeCompare(b.title))
    .map(({ offset: _offset, ...choice }) => choice);
}
