import type { Finding, ResourceFacts } from './model';

/** Files whose findings are kept: the few being edited, not every file of a scan. */
const MAX_FILES = 16;
/**
 * Entries kept per file, as a multiple of its resources: typing alternates a few texts
 * (half-typed with a syntax error, complete), each with its own keys.
 */
const KEEP_PER_RESOURCE = 4;

type RuleSettingsLike = Partial<Record<string, string>>;

interface Entry {
  /** Findings as plain data, without their suppression state (suppressions are matched afresh). */
  findings: Finding[];
  headerLine: number;
}

interface FileEntries {
  analyses: number;
  /** Least recently used first. */
  entries: Map<string, Entry>;
}

/**
 * The findings of each resource that carries a `cacheKey`, per file and rule settings. A file's
 * first analysis only records that it was seen; from its second on, findings are kept, so a
 * workspace scan (each file once) pays nothing.
 */
export class FindingsCache {
  private readonly files = new Map<string, FileEntries>();

  /** Reuse for one analysis of `file`; undefined the first time the file is seen. */
  begin(file: string, settings: RuleSettingsLike): FindingsReuse | undefined {
    let state = this.files.get(file);
    this.files.delete(file);
    if (!state) {
      state = { analyses: 0, entries: new Map() };
      if (this.files.size >= MAX_FILES) this.files.delete(this.files.keys().next().value!);
    }
    this.files.set(file, state);
    state.analyses++;
    if (state.analyses === 1) return undefined;
    return new FindingsReuse(state, settingsKey(settings));
  }

  forget(file: string): void {
    this.files.delete(file);
  }
}

export class FindingsReuse {
  private resources = 0;

  constructor(
    private readonly state: FileEntries,
    private readonly settings: string,
  ) {}

  /** The kept findings of a resource, or undefined (then compute them and `keep` them). */
  take(resource: ResourceFacts): { findings: Finding[]; headerLine: number } | undefined {
    this.resources++;
    if (resource.cacheKey === undefined) return undefined;
    const key = `${this.settings}\u0002${resource.cacheKey}`;
    const entry = this.state.entries.get(key);
    if (entry) {
      this.state.entries.delete(key);
      this.state.entries.set(key, entry);
    }
    return entry;
  }

  /**
   * Keeps a resource's findings; what is kept is copied to plain data now, while its syntax tree is
   * alive. Its strings are copied too: a label or message built from a slice of the file's text
   * points into that text, and each kept entry would keep a whole version of the file alive.
   */
  keep(resource: ResourceFacts, findings: Finding[]): void {
    if (resource.cacheKey === undefined) return;
    const plain = findings.map((f) => {
      const copy: Finding = {
        ...f,
        message: detached(f.message),
        file: detached(f.file),
        related: f.related.map((r) => ({ ...r, file: detached(r.file), message: detached(r.message) })),
        resource: detached(f.resource),
        fieldPath: f.fieldPath === undefined ? undefined : detached(f.fieldPath),
        fixes: f.fixes.map((fix) => ({
          ...fix,
          title: detached(fix.title),
          edits: fix.edits.map((e) => ({ ...e, file: detached(e.file), edits: e.edits.map((t) => ({ ...t, newText: detached(t.newText) })) })),
        })),
      };
      delete copy.suppressed;
      return copy;
    });
    const key = detached(`${this.settings}\u0002${resource.cacheKey}`);
    this.state.entries.delete(key);
    this.state.entries.set(key, { findings: plain, headerLine: resource.header.start.line });
  }

  /** Drops the least recently used entries beyond a few per resource. */
  end(): void {
    const limit = Math.max(64, KEEP_PER_RESOURCE * this.resources);
    for (const key of this.state.entries.keys()) {
      if (this.state.entries.size <= limit) break;
      this.state.entries.delete(key);
    }
  }
}

/** A copy of `s` that does not point into the string it was sliced from (flattening a concatenation copies it). */
function detached(s: string): string {
  return ` ${s}`.slice(1);
}

function settingsKey(settings: RuleSettingsLike): string {
  return JSON.stringify(Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)));
}
