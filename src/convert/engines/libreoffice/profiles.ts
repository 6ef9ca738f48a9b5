/**
 * LibreOffice user profiles, one per conversion in flight: two soffice processes on one profile do not run side by
 * side (the second hands its work to the first), so each worker needs its own to really convert in parallel.
 * A profile is created once and reused by the next conversion, which saves LibreOffice's first-start work.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Written into every new profile before LibreOffice first starts it: documents come from a repository and are not
 * trusted, so macros never run (security level "very high", and macro execution switched off altogether).
 * `ooSetupLastVersion` is the version LibreOffice last ran on this profile. Below its own version, LibreOffice takes
 * the start for the first after an upgrade and runs its graphics render tests (choosing a drawing back-end for a
 * screen; 2–4 s of a 3.5–5 s start on the bench's machine, see bench/results.md). It saves the version only when it
 * shuts down, and the engine kills its LibreOffices, so without this every start would run them. A version far
 * ahead of any release says "no upgrade" to whichever LibreOffice the runner has.
 */
const LOCKED_DOWN_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item>
</oor:items>
`;

export class ProfilePool {
  readonly #root: string;
  readonly #free: string[] = [];
  #created = 0;

  /** `root` is a folder of the run's own; the profiles are made inside it. */
  constructor(root: string) {
    this.#root = root;
  }

  /** A profile no other conversion is using; give it back with release(). */
  async acquire(): Promise<string> {
    const free = this.#free.pop();
    if (free !== undefined) return free;
    const directory = path.join(this.#root, `profile-${++this.#created}`);
    await mkdir(path.join(directory, 'user'), { recursive: true });
    await writeFile(path.join(directory, 'user', 'registrymodifications.xcu'), LOCKED_DOWN_SETTINGS);
    return directory;
  }

  release(directory: string): void {
    this.#free.push(directory);
  }
}
