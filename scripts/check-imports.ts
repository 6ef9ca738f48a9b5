// Fails on an import cycle between files of src/, and on an import that points back up the pipeline: a stage may
// import from the stages before it and from the shared folders below them all, never from a stage after it.
import fs from 'node:fs';
import path from 'node:path';

/** The folders of src/ in pipeline order; a folder may import only from itself and from the folders before it. */
export const LAYERS = [
  'common',
  'pdf',
  'settings',
  'github',
  'plan',
  'convert',
  'cache',
  'previews',
  'publish',
  'report',
];

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

export interface ImportProblem {
  kind: 'cycle' | 'upward';
  message: string;
}

export function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const text = fs.readFileSync(path.join(srcDir, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((match) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1] as string)),
    );
    graph.set(file, targets);
  }
  return graph;
}

function layerOf(file: string): number {
  const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
  const index = LAYERS.indexOf(top);
  // Files at the root (index.ts, main.ts) sit above every stage.
  return index === -1 ? LAYERS.length : index;
}

/** Strongly connected components of more than one file (Tarjan), each a cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

export function importProblems(srcDir: string): ImportProblem[] {
  const graph = importGraph(srcDir);
  const problems: ImportProblem[] = cycles(graph).map((component) => ({
    kind: 'cycle',
    message: `import cycle: ${component.join(' → ')}`,
  }));
  for (const [file, targets] of graph) {
    for (const target of targets) {
      if (layerOf(target) > layerOf(file)) {
        problems.push({ kind: 'upward', message: `${file} imports ${target}, a later stage` });
      }
    }
  }
  return problems;
}

if (import.meta.main) {
  const problems = importProblems(path.resolve(process.argv[2] ?? 'src'));
  for (const problem of problems) console.error(problem.message);
  if (problems.length > 0) process.exit(1);
  console.log('imports: no cycle, none points back up the pipeline');
}
