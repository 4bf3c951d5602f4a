import * as fs from 'fs';
import * as path from 'path';
import type { SourceText } from '../../shared-rules/src/dialect';

/**
 * The text of every file the analysis may read: open documents win over disk contents.
 * A folder's files are read from disk once and cached until a watched-file event says otherwise.
 */
export class WorkspaceFiles {
  private readonly open = new Map<string, string>();
  private readonly folders = new Map<string, Map<string, string>>();

  constructor(
    /** Whether a file's name makes it interesting to an adapter as a neighbour. */
    private readonly relevant: (file: string) => boolean,
    private readonly maxNeighbourSize: () => number,
  ) {}

  setOpen(file: string, text: string): void {
    this.open.set(file, text);
  }

  close(file: string): void {
    this.open.delete(file);
  }

  isOpen(file: string): boolean {
    return this.open.has(file);
  }

  openFiles(): string[] {
    return [...this.open.keys()];
  }

  openText(file: string): string | undefined {
    return this.open.get(file);
  }

  /** The file as the analysis sees it: the open document, else the disk. */
  text(file: string): string | undefined {
    return this.open.get(file) ?? this.folder(path.dirname(file)).get(file) ?? readText(file);
  }

  /** Every relevant file of a folder, open documents over disk contents. */
  folderFiles(dir: string): SourceText[] {
    const merged = new Map(this.folder(dir));
    for (const [file, text] of this.open) if (path.dirname(file) === dir && this.relevant(file)) merged.set(file, text);
    return [...merged].map(([p, text]) => ({ path: p, text }));
  }

  /** A file changed, appeared or vanished on disk. */
  invalidate(file: string): void {
    this.folders.delete(path.dirname(file));
  }

  invalidateAll(): void {
    this.folders.clear();
  }

  /** Drops a folder's cached texts (a scan is done with it; they are read again when asked for) and returns their files. */
  release(dir: string): string[] {
    const cached = [...(this.folders.get(dir)?.keys() ?? [])];
    this.folders.delete(dir);
    return cached;
  }

  private folder(dir: string): Map<string, string> {
    let files = this.folders.get(dir);
    if (files) return files;
    files = new Map();
    let names: fs.Dirent[] = [];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      // A folder that vanished or cannot be listed has no neighbours.
    }
    for (const entry of names) {
      if (!entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      if (!this.relevant(file)) continue;
      const text = readText(file, this.maxNeighbourSize());
      if (text !== undefined) files.set(file, text);
    }
    this.folders.set(dir, files);
    return files;
  }
}

/** Reads a file as UTF-8; undefined when it is missing, unreadable or larger than `maxSize`. */
export function readText(file: string, maxSize = Infinity): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > maxSize) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
