export interface Column {
  readonly name: string;
  readonly type: 'cat' | 'num' | 'target';
}

export interface Dataset {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
}

/** Plain CSV as the training files use it: a header row, comma separated, no quoting. */
export function parseCsv(text: string): Dataset {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const [header, ...body] = lines;
  if (!header) throw new Error('empty CSV');
  const columns = header.split(',');
  const rows = body.map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== columns.length)
      throw new Error(`row ${i + 2}: ${cells.length} cells, expected ${columns.length}`);
    return Object.fromEntries(columns.map((c, j) => [c, cells[j]!]));
  });
  return { columns, rows };
}

/** A seeded, stratified split: the same seed gives the same holdout on every machine. */
export function stratifiedSplit<T>(
  rows: readonly T[],
  label: (row: T) => number,
  holdoutShare: number,
  seed: number,
): { train: T[]; holdout: T[] } {
  const random = mulberry32(seed);
  const train: T[] = [];
  const holdout: T[] = [];
  for (const cls of [0, 1]) {
    const members = rows.filter((r) => label(r) === cls);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const cut = Math.round(members.length * holdoutShare);
    holdout.push(...members.slice(0, cut));
    train.push(...members.slice(cut));
  }
  return { train, holdout };
}

/** Seeded, stratified k folds: each class shuffled, then dealt round-robin so every fold has its share. */
export function stratifiedFolds<T>(
  rows: readonly T[],
  label: (row: T) => number,
  folds: number,
  seed: number,
): T[][] {
  const random = mulberry32(seed);
  const parts: T[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const cls of [0, 1]) {
    const members = rows.filter((r) => label(r) === cls);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    for (const m of members) parts[next++ % folds]!.push(m);
  }
  return parts;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
