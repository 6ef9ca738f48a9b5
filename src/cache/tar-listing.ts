/**
 * One line of GNU tar's verbose listing (`tar -tv --numeric-owner --quoting-style=c`, in the C locale), read back
 * into the member it describes. With C quoting every name is in double quotes with `\"`, `\\`, `\n` and octal
 * escapes, so a name holding spaces, line breaks, quotes or ` -> ` is still read exactly; a line of any other
 * shape is not understood (undefined), and the caller refuses the archive.
 */

/** What the listing says of one member. */
export interface ListedMember {
  /** The first character of the mode: `-` regular file, `d` folder, `l` symlink, `h` hard link, `c` `b` `p` … */
  type: string;
  name: string;
  /** Bytes of a regular file (0 for the rest). */
  size: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 0x22,
  '\\': 0x5c,
  '?': 0x3f,
};

/** The C-quoted string starting at `line[start]` (a `"`): its text and where it ends, or undefined. */
export function readCQuoted(line: string, start: number): { text: string; end: number } | undefined {
  if (line[start] !== '"') return undefined;
  const bytes: number[] = [];
  let at = start + 1;
  while (at < line.length) {
    const char = line[at] as string;
    if (char === '"') return { text: Buffer.from(bytes).toString('utf8'), end: at + 1 };
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      at += 1;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(line.slice(at + 1, at + 4))?.[0];
    const simple = SIMPLE_ESCAPES[line[at + 1] ?? ''];
    if (octal) {
      bytes.push(Number.parseInt(octal, 8) & 0xff);
      at += 1 + octal.length;
    } else if (simple !== undefined) {
      bytes.push(simple);
      at += 2;
    } else {
      return undefined;
    }
  }
  return undefined;
}

// mode, uid/gid, size (or major,minor for a device), date, time: none of them holds a quote.
const FIELDS =
  /^([-a-zA-Z])[-rwxsStT]{9}\S*\s+\d+\/\d+\s+([\d,]+)\s+\d{4}-\d\d-\d\d\s+\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s+/;

/** The member a listing line describes, or undefined when the line is not of the expected shape. */
export function parseListingLine(line: string): ListedMember | undefined {
  const fields = FIELDS.exec(line);
  if (!fields) return undefined;
  const name = readCQuoted(line, fields[0].length);
  if (!name) return undefined;
  const type = fields[1] as string;
  const rest = line.slice(name.end);
  // A link says where it leads after its name; any other member ends with its name.
  const linkShaped = type === 'l' ? /^ -> "/ : type === 'h' ? /^ link to "/ : undefined;
  if (linkShaped ? !linkShaped.test(rest) : rest !== '') return undefined;
  const size = /^\d+$/.test(fields[2] as string) ? Number(fields[2]) : 0;
  return { type, name: name.text, size };
}
