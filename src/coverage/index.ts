export { declareMark, declaredMarks, installMarkCollector, reachable, sometimes } from './marks.js';
export type { CoverageMark, MarkCollector } from './marks.js';
