// The times log lines carry in their text, rendered the one way both the line renderer and the
// template replay use: ISO 8601 with microseconds (JSON, logfmt, syslog lines) and Apache's common
// log format time. Both are fixed-width, so a templated line's time can be rewritten in place.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DIGITS3_Z: readonly string[] = DIGITS3.map((d) => d + 'Z');

/** Characters of an ISO time: 2024-05-01T12:34:56.123456Z. */
export const ISO_TIME_CHARS = 27;
/** Characters of an Apache time: 01/May/2024:12:34:56 +0000. */
export const APACHE_TIME_CHARS = 26;

/** Renders log line times, caching the parts that change once a second (or millisecond). */
export class LogTimeText {
  private isoSecond = -1;
  private isoSecondPrefix = '';
  private isoMs = -1;
  private isoMsPrefix = '';
  private apacheSecond = -1;
  private apacheText = '';

  /** 2024-05-01T12:34:56.123456Z */
  iso(timeUs: number): string {
    const ms = Math.floor(timeUs / 1000);
    if (ms !== this.isoMs) {
      this.isoMs = ms;
      const second = Math.floor(ms / 1000);
      if (second !== this.isoSecond) {
        this.isoSecond = second;
        this.isoSecondPrefix = new Date(second * 1000).toISOString().slice(0, 19) + '.';
      }
      this.isoMsPrefix = this.isoSecondPrefix + DIGITS3[ms - second * 1000];
    }
    return this.isoMsPrefix + DIGITS3_Z[timeUs - ms * 1000];
  }

  /** 01/May/2024:12:34:56 +0000 */
  apache(timeUs: number): string {
    const second = Math.floor(timeUs / 1e6);
    if (second !== this.apacheSecond) {
      this.apacheSecond = second;
      const d = new Date(second * 1000);
      const day = String(d.getUTCDate()).padStart(2, '0');
      const time = d.toISOString().slice(11, 19);
      this.apacheText = `${day}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${time} +0000`;
    }
    return this.apacheText;
  }

  /** Writes iso(timeUs) as ASCII at `at`. */
  writeIso(bytes: Uint8Array, at: number, timeUs: number): void {
    writeAscii(bytes, at, this.iso(timeUs));
  }

  /** Writes apache(timeUs) as ASCII at `at`. */
  writeApache(bytes: Uint8Array, at: number, timeUs: number): void {
    writeAscii(bytes, at, this.apache(timeUs));
  }
}

function writeAscii(bytes: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
}
