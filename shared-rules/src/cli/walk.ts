import * as fs from 'fs';
import * as path from 'path';
import type { Ignore } from 'ignore';
import ignore from 'ignore';

/** Folders never scanned: VCS data, installed packages, Terraform's provider/module cache. */
export const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.terraform']);

interface GitIgnore {
  base: string;
  rules: Ignore;
}

export interface WalkOptions {
  /** Whether a file or folder is excluded by configuration (checked before descending). */
  isExcluded(absPath: string): boolean;
  notice(message: string): void;
  /** Called with the number of files listed so far, each time one is added. */
  progress?(files: number): void;
}

/** Files grouped by folder, folders and the files in each in path order: how scans run and report. */
export function filesByFolder(files: Iterable<string>): [string, string[]][] {
  const byDir = new Map<string, string[]>();
  for (const f of [...files].sort()) {
    const dir = path.dirname(f);
    const list = byDir.get(dir);
    if (list) list.push(f);
    else byDir.set(dir, [f]);
  }
  return [...byDir.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Lists the files below `root` (absolute), honouring `.gitignore` files (those of the enclosing
 * repository above `root` too) and configured excludes. Unreadable folders are reported and
 * skipped; symlinked folders are followed once (loops are cut by their real path).
 */
export function walk(root: string, options: WalkOptions): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  const inherited = ancestorGitignores(root);

  const ignored = (abs: string, isDir: boolean, stack: GitIgnore[]): boolean => {
    for (const g of stack) {
      const rel = path.relative(g.base, abs);
      if (rel === '' || rel.startsWith('..')) continue;
      const posix = rel.split(path.sep).join('/') + (isDir ? '/' : '');
      try {
        if (g.rules.ignores(posix)) return true;
      } catch {
        // `ignore` rejects paths it cannot express (e.g. odd relative forms); such a path is scanned.
      }
    }
    return false;
  };

  /** `knownReal`: the real path, when the folder is a plain subfolder of one already resolved. */
  const visit = (dir: string, stack: GitIgnore[], knownReal?: string): void => {
    let real: string;
    try {
      real = knownReal ?? fs.realpathSync(dir);
    } catch (error) {
      options.notice(`${dir}: cannot resolve folder (${describe(error)}); skipped`);
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      options.notice(`${dir}: cannot read folder (${describe(error)}); skipped`);
      return;
    }
    let here = stack;
    if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const own = readGitignore(dir);
      if (own) here = [...stack, own];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const link = entry.isSymbolicLink();
      if (link) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (SKIPPED_FOLDERS.has(entry.name) || ignored(full, true, here) || options.isExcluded(full)) continue;
        visit(full, here, link ? undefined : path.join(real, entry.name));
      } else if (isFile) {
        if (ignored(full, false, here) || options.isExcluded(full)) continue;
        files.push(full);
        options.progress?.(files.length);
      }
    }
  };

  // A folder named explicitly is scanned even when the repository ignores it (generated output,
  // a benchmark workspace); only the .gitignore files inside it apply then.
  visit(root, ignored(root, true, inherited) ? [] : inherited);
  return files;
}

/** `.gitignore` files of the folders above `root`, up to the repository root (the folder holding `.git`). */
function ancestorGitignores(root: string): GitIgnore[] {
  if (fs.existsSync(path.join(root, '.git'))) return [];
  const chain: string[] = [];
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (fs.existsSync(path.join(dir, '.git'))) return chain.map(readGitignore).filter((g): g is GitIgnore => g !== undefined);
    if (path.dirname(dir) === dir) return [];
  }
}

function readGitignore(dir: string): GitIgnore | undefined {
  try {
    return { base: dir, rules: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

export function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
