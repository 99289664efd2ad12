import type { ByteBuffer } from './bytes.js';
import type { BuildRules, CrashDataSource } from './crash-build.js';
import { crashedData } from './crash-data.js';
import type { ReachedData } from './crash-data.js';
import type { DurableView } from './crash-point.js';
import type { FileNode } from './nodes.js';
import type { Outcome } from './outcomes.js';

/**
 * File contents built so far in one exhaustive exploration, by file and by which of its data
 * operations reached the disk and how: a file's post-crash contents depend on nothing else, and
 * combinations mostly differ in other files, so most contents repeat. Buffers handed out are
 * shared by every state that uses them (materialize clones them, and a clone copies before it
 * changes). Lives for one synchronous exploration: the durable data must not change meanwhile.
 */
export class CrashDataMemo implements CrashDataSource {
  readonly #source: DurableView;
  readonly #sectorSizeBytes: number;
  readonly #rules: BuildRules;
  readonly #outcomeIds = new Map<Outcome, number>();
  readonly #contents = new Map<FileNode, Map<string, ByteBuffer>>();

  /** For the crash states of `source` (see buildCrashState). */
  constructor(source: DurableView, sectorSizeBytes: number, rules: BuildRules) {
    this.#source = source;
    this.#sectorSizeBytes = sectorSizeBytes;
    this.#rules = rules;
  }

  dataOf(file: FileNode, reached: ReachedData): ByteBuffer {
    let byChoice = this.#contents.get(file);
    if (byChoice === undefined) {
      byChoice = new Map();
      this.#contents.set(file, byChoice);
    }
    const key = this.#keyOf(reached);
    let data = byChoice.get(key);
    if (data === undefined) {
      const cache = this.#source.cacheOf(file);
      const bases = { durable: this.#rules.fromCache ? cache : this.#source.dataOf(file), cache };
      data = crashedData(bases, reached, this.#sectorSizeBytes, this.#rules.data);
      byChoice.set(key, data);
    }
    return data;
  }

  /** `seq:outcome,` per data operation of the file; outcomes are told apart by identity. */
  #keyOf(reached: ReachedData): string {
    let key = '';
    reached.ops.forEach((op, i) => {
      const outcome = reached.outcomes[i] as Outcome;
      let id = this.#outcomeIds.get(outcome);
      if (id === undefined) {
        id = this.#outcomeIds.size;
        this.#outcomeIds.set(outcome, id);
      }
      key += `${op.seq}:${id},`;
    });
    return key;
  }
}
