"""ActiveSupport::TimeZone lookups as Chatwoot v4.10 makes them (Rails 7.1, tzinfo 2.0.6 with
tzinfo-data 1.2023.3).

- `by_offset(number)` is `TimeZone[number]`: hours when |number| <= 13, else seconds, truncated to
  whole seconds; the first zone of `TimeZone.all` (sorted by base UTC offset, then name) whose
  base offset is that; None when no Rails zone has it (e.g. 14 or 7.25).
- `by_current_offset(seconds, now)` is TimezoneHelper#timezone_name_from_offset's lookup: the first
  zone of `TimeZone.all` whose offset at `now` (DST included) is that many seconds; None otherwise.
- `by_name(text)` is `TimeZone[text]`: a Rails zone name or a tz database identifier; None otherwise.
- A zone's `to_s` is `(GMT+05:30) Chennai`.

Base offsets are the standard (non-DST) offsets of the zones' current periods in that data release
(Greenland -02 since late 2023; Almaty +06, as before tzdata 2024a; Casablanca and Dublin 0, as the
rearguard data tzinfo-data ships writes them). Wall-clock times use the system's tz database when
it has the zone, else the base offset; Almaty keeps a fixed +06 (the system's tzdata, 2024a or
later, moves it to +05 from March 2024; Rails' data does not).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fakewoot.records import dataclass

# base offset (seconds) -> "Rails name=tz identifier" of every Rails zone with that offset
_ZONES: dict[int, str] = {
    -43200: "International Date Line West=Etc/GMT+12",
    -39600: "American Samoa=Pacific/Pago_Pago;Midway Island=Pacific/Midway",
    -36000: "Hawaii=Pacific/Honolulu",
    -32400: "Alaska=America/Juneau",
    -28800: "Pacific Time (US & Canada)=America/Los_Angeles;Tijuana=America/Tijuana",
    -25200: "Arizona=America/Phoenix;Mazatlan=America/Mazatlan;Mountain Time (US & Canada)=America/Denver",
    -21600: "Central America=America/Guatemala;Central Time (US & Canada)=America/Chicago;"
    "Chihuahua=America/Chihuahua;Guadalajara=America/Mexico_City;Mexico City=America/Mexico_City;"
    "Monterrey=America/Monterrey;Saskatchewan=America/Regina",
    -18000: "Bogota=America/Bogota;Eastern Time (US & Canada)=America/New_York;"
    "Indiana (East)=America/Indiana/Indianapolis;Lima=America/Lima;Quito=America/Lima",
    -14400: "Atlantic Time (Canada)=America/Halifax;Caracas=America/Caracas;Georgetown=America/Guyana;"
    "La Paz=America/La_Paz;Puerto Rico=America/Puerto_Rico;Santiago=America/Santiago",
    -12600: "Newfoundland=America/St_Johns",
    -10800: "Brasilia=America/Sao_Paulo;Buenos Aires=America/Argentina/Buenos_Aires;"
    "Montevideo=America/Montevideo",
    -7200: "Greenland=America/Godthab;Mid-Atlantic=Atlantic/South_Georgia",
    -3600: "Azores=Atlantic/Azores;Cape Verde Is.=Atlantic/Cape_Verde",
    0: "Casablanca=Africa/Casablanca;Dublin=Europe/Dublin;Edinburgh=Europe/London;Lisbon=Europe/Lisbon;"
    "London=Europe/London;Monrovia=Africa/Monrovia;UTC=Etc/UTC",
    3600: "Amsterdam=Europe/Amsterdam;Belgrade=Europe/Belgrade;Berlin=Europe/Berlin;Bern=Europe/Zurich;"
    "Bratislava=Europe/Bratislava;Brussels=Europe/Brussels;Budapest=Europe/Budapest;"
    "Copenhagen=Europe/Copenhagen;Ljubljana=Europe/Ljubljana;Madrid=Europe/Madrid;Paris=Europe/Paris;"
    "Prague=Europe/Prague;Rome=Europe/Rome;Sarajevo=Europe/Sarajevo;Skopje=Europe/Skopje;"
    "Stockholm=Europe/Stockholm;Vienna=Europe/Vienna;Warsaw=Europe/Warsaw;"
    "West Central Africa=Africa/Algiers;Zagreb=Europe/Zagreb;Zurich=Europe/Zurich",
    7200: "Athens=Europe/Athens;Bucharest=Europe/Bucharest;Cairo=Africa/Cairo;Harare=Africa/Harare;"
    "Helsinki=Europe/Helsinki;Jerusalem=Asia/Jerusalem;Kaliningrad=Europe/Kaliningrad;Kyiv=Europe/Kiev;"
    "Pretoria=Africa/Johannesburg;Riga=Europe/Riga;Sofia=Europe/Sofia;Tallinn=Europe/Tallinn;"
    "Vilnius=Europe/Vilnius",
    10800: "Baghdad=Asia/Baghdad;Istanbul=Europe/Istanbul;Kuwait=Asia/Kuwait;Minsk=Europe/Minsk;"
    "Moscow=Europe/Moscow;Nairobi=Africa/Nairobi;Riyadh=Asia/Riyadh;St. Petersburg=Europe/Moscow;"
    "Volgograd=Europe/Volgograd",
    12600: "Tehran=Asia/Tehran",
    14400: "Abu Dhabi=Asia/Muscat;Baku=Asia/Baku;Muscat=Asia/Muscat;Samara=Europe/Samara;"
    "Tbilisi=Asia/Tbilisi;Yerevan=Asia/Yerevan",
    16200: "Kabul=Asia/Kabul",
    18000: "Ekaterinburg=Asia/Yekaterinburg;Islamabad=Asia/Karachi;Karachi=Asia/Karachi;"
    "Tashkent=Asia/Tashkent",
    19800: "Chennai=Asia/Kolkata;Kolkata=Asia/Kolkata;Mumbai=Asia/Kolkata;New Delhi=Asia/Kolkata;"
    "Sri Jayawardenepura=Asia/Colombo",
    20700: "Kathmandu=Asia/Kathmandu",
    21600: "Almaty=Asia/Almaty;Astana=Asia/Dhaka;Dhaka=Asia/Dhaka;Urumqi=Asia/Urumqi",
    23400: "Rangoon=Asia/Rangoon",
    25200: "Bangkok=Asia/Bangkok;Hanoi=Asia/Bangkok;Jakarta=Asia/Jakarta;Krasnoyarsk=Asia/Krasnoyarsk;"
    "Novosibirsk=Asia/Novosibirsk",
    28800: "Beijing=Asia/Shanghai;Chongqing=Asia/Chongqing;Hong Kong=Asia/Hong_Kong;Irkutsk=Asia/Irkutsk;"
    "Kuala Lumpur=Asia/Kuala_Lumpur;Perth=Australia/Perth;Singapore=Asia/Singapore;Taipei=Asia/Taipei;"
    "Ulaanbaatar=Asia/Ulaanbaatar",
    32400: "Osaka=Asia/Tokyo;Sapporo=Asia/Tokyo;Seoul=Asia/Seoul;Tokyo=Asia/Tokyo;Yakutsk=Asia/Yakutsk",
    34200: "Adelaide=Australia/Adelaide;Darwin=Australia/Darwin",
    36000: "Brisbane=Australia/Brisbane;Canberra=Australia/Melbourne;Guam=Pacific/Guam;"
    "Hobart=Australia/Hobart;Melbourne=Australia/Melbourne;Port Moresby=Pacific/Port_Moresby;"
    "Sydney=Australia/Sydney;Vladivostok=Asia/Vladivostok",
    39600: "Magadan=Asia/Magadan;New Caledonia=Pacific/Noumea;Solomon Is.=Pacific/Guadalcanal;"
    "Srednekolymsk=Asia/Srednekolymsk",
    43200: "Auckland=Pacific/Auckland;Fiji=Pacific/Fiji;Kamchatka=Asia/Kamchatka;"
    "Marshall Is.=Pacific/Majuro;Wellington=Pacific/Auckland",
    45900: "Chatham Is.=Pacific/Chatham",
    46800: "Nuku'alofa=Pacific/Tongatapu;Samoa=Pacific/Apia;Tokelau Is.=Pacific/Fakaofo",
}


@dataclass(frozen=True, slots=True)
class Zone:
    name: str
    identifier: str
    base_offset: int  # seconds

    def __str__(self) -> str:
        sign = "-" if self.base_offset < 0 else "+"
        hours, minutes = divmod(abs(self.base_offset) // 60, 60)
        return f"(GMT{sign}{hours:02d}:{minutes:02d}) {self.name}"

    def tz(self) -> tzinfo:
        return _tz(self.identifier, self.base_offset)

    def midnight(self, epoch: float, days_before: int = 0) -> float:
        """`now.in_time_zone(zone).beginning_of_day - days_before.days`, as Unix seconds."""
        zone = self.tz()
        day: date = datetime.fromtimestamp(epoch, zone).date() - timedelta(days=days_before)
        return datetime(day.year, day.month, day.day, tzinfo=zone).timestamp()


UTC_ZONE = Zone("UTC", "Etc/UTC", 0)


# zones whose rules changed after the tzdata release Rails ships: the offset they keep there
_FROZEN_RULES = {"Asia/Almaty": 21600}


@functools.cache
def _tz(identifier: str, base_offset: int) -> tzinfo:
    if identifier in _FROZEN_RULES:
        return _fixed(_FROZEN_RULES[identifier])
    try:
        return ZoneInfo(identifier)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC if base_offset == 0 else _fixed(base_offset)


def _fixed(seconds: int) -> tzinfo:
    return timezone(timedelta(seconds=seconds))


@functools.cache
def _rails_zones() -> dict[str, Zone]:
    zones: dict[str, Zone] = {}
    for offset, entries in _ZONES.items():
        for entry in entries.split(";"):
            name, identifier = entry.split("=")
            zones[name] = Zone(name, identifier, offset)
    return zones


def by_offset(number: float) -> Zone | None:
    """TimeZone[number]."""
    seconds = int(number * 3600 if abs(number) <= 13 else number)
    entries = _ZONES.get(seconds)
    if entries is None:
        return None
    first = min(entry.split("=")[0] for entry in entries.split(";"))
    return _rails_zones()[first]


@functools.cache
def _all() -> tuple[Zone, ...]:
    """TimeZone.all: sorted by base offset, then name."""
    return tuple(sorted(_rails_zones().values(), key=lambda zone: (zone.base_offset, zone.name)))


def by_current_offset(seconds: float, now: float) -> Zone | None:
    """`TimeZone.all.find { |zone| zone.now.utc_offset == seconds }`."""
    moment = datetime.fromtimestamp(now, UTC)
    for zone in _all():
        offset = moment.astimezone(zone.tz()).utcoffset()
        if offset is not None and offset.total_seconds() == seconds:
            return zone
    return None


def by_name(text: str) -> Zone | None:
    """TimeZone[text]: a Rails name, or a tz identifier the system's tz database knows."""
    zone = _rails_zones().get(text)
    if zone is not None:
        return zone
    if not text or text.startswith("/") or ".." in text:
        return None
    try:
        found = ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    standard = found.utcoffset(datetime(2023, 1, 1)) or timedelta()
    return Zone(text, text, int(standard.total_seconds()))
