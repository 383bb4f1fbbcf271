/**
 * Expansion of the command-line paths into fixture files: a file is taken as given, a
 * directory contributes every `*.json` below it (recursively, in sorted order).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A fixture file to run and its size (used to schedule big files first). */
export interface FixtureFile {
  path: string;
  size: number;
}

/** Files found, and one error line per path that could not be read. */
export interface Collected {
  files: FixtureFile[];
  errors: { path: string; problem: string }[];
}

function walk(dir: string, out: FixtureFile[], errors: Collected['errors']): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    errors.push({ path: dir, problem: `cannot read directory (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      errors.push({ path, problem: `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
      continue;
    }
    if (st.isDirectory()) walk(path, out, errors);
    else if (name.endsWith('.json')) out.push({ path, size: st.size });
  }
}

/** Expands `paths` (files or directories) into the fixture files to run. */
export function collectFixtureFiles(paths: string[]): Collected {
  const files: FixtureFile[] = [];
  const errors: Collected['errors'] = [];
  for (const path of paths) {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push({ path, problem: code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? String(e)})` });
      continue;
    }
    if (st.isDirectory()) walk(path, files, errors);
    else files.push({ path, size: st.size });
  }
  return { files, errors };
}
