import { geocoder, timezones } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isKnownTimeZone } from '../../shared/domain/time-zone';

/**
 * Where a number is, from libphonenumber's metadata (the geocoding and time zone maps that Google's
 * libphonenumber ships, via libphonenumber-geo-carrier): the country, every time zone the number's range
 * may be in (one for KR, GB, DE; one or more for US/CA area codes), and for US/CA the state or province
 * (ISO 3166-2), for per-state rules such as US-RECNOTICE. Server-only: the data is read from disk.
 */
export interface NumberLocation {
  readonly country: string;
  /** IANA zones the number may be in, known to this runtime; empty when the metadata has none. */
  readonly zones: readonly string[];
  /** ISO 3166-2 subdivision (`US-CA`, `CA-ON`) when the number tells it. */
  readonly region?: string;
}

/** The location of a valid E.164 number, or undefined when libphonenumber does not know the number. */
export async function locateNumber(e164: string): Promise<NumberLocation | undefined> {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid() || parsed.country === undefined) return undefined;
  const zones = ((await timezones(parsed)) ?? []).filter((z) => isKnownTimeZone(z));
  const region = parsed.country === 'US' || parsed.country === 'CA' ? regionOf(parsed.country, await geocoder(parsed, 'en')) : undefined;
  return { country: parsed.country, zones, ...(region !== undefined ? { region } : {}) };
}

/** `California` -> `US-CA`; `New York, NY` -> `US-NY`; `Ontario` -> `CA-ON`. */
function regionOf(country: 'US' | 'CA', place: string | null): string | undefined {
  if (place === null) return undefined;
  const names = country === 'US' ? US_STATES : CA_PROVINCES;
  const abbr = /,\s*([A-Z]{2})$/.exec(place)?.[1];
  if (abbr !== undefined && Object.values(names).includes(abbr)) return `${country}-${abbr}`;
  const code = names[place.trim()];
  return code !== undefined ? `${country}-${code}` : undefined;
}

const US_STATES: Readonly<Record<string, string>> = {
  Alabama: 'AL', Alaska: 'AK', Arizona: 'AZ', Arkansas: 'AR', California: 'CA', Colorado: 'CO', Connecticut: 'CT', Delaware: 'DE',
  'District of Columbia': 'DC', 'Washington D.C.': 'DC', Florida: 'FL', Georgia: 'GA', Hawaii: 'HI', Idaho: 'ID', Illinois: 'IL',
  Indiana: 'IN', Iowa: 'IA', Kansas: 'KS', Kentucky: 'KY', Louisiana: 'LA', Maine: 'ME', Maryland: 'MD', Massachusetts: 'MA',
  Michigan: 'MI', Minnesota: 'MN', Mississippi: 'MS', Missouri: 'MO', Montana: 'MT', Nebraska: 'NE', Nevada: 'NV',
  'New Hampshire': 'NH', 'New Jersey': 'NJ', 'New Mexico': 'NM', 'New York': 'NY', 'North Carolina': 'NC', 'North Dakota': 'ND',
  Ohio: 'OH', Oklahoma: 'OK', Oregon: 'OR', Pennsylvania: 'PA', 'Rhode Island': 'RI', 'South Carolina': 'SC', 'South Dakota': 'SD',
  Tennessee: 'TN', Texas: 'TX', Utah: 'UT', Vermont: 'VT', Virginia: 'VA', 'Washington State': 'WA', 'West Virginia': 'WV',
  Wisconsin: 'WI', Wyoming: 'WY',
};

const CA_PROVINCES: Readonly<Record<string, string>> = {
  Alberta: 'AB', 'British Columbia': 'BC', 'British Colombia': 'BC', Manitoba: 'MB', 'New Brunswick': 'NB', 'Newfoundland and Labrador': 'NL', 'Nova Scotia': 'NS',
  Ontario: 'ON', 'Prince Edward Island': 'PE', Quebec: 'QC', Saskatchewan: 'SK', 'Northwest Territories': 'NT', Nunavut: 'NU', Yukon: 'YT',
};
