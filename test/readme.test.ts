import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from './e2e/run-action.ts';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

async function actionInputs(): Promise<Set<string>> {
  const action = parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  return new Set(Object.keys(action.inputs));
}

/** Every `with:` block of a step that uses this action, from the README's YAML examples. */
async function readmeSteps(): Promise<Step[]> {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const steps: Step[] = [];
  for (const [, block] of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const document = parse(block as string) as unknown;
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const step = node as Step;
        if (typeof step.uses === 'string' && step.uses.includes('convert-documents-action')) steps.push(step);
        else Object.values(node).forEach(visit);
      }
    };
    visit(document);
  }
  return steps;
}

describe('README', () => {
  it('shows workflows that use only the inputs action.yml declares', async () => {
    const inputs = await actionInputs();
    const steps = await readmeSteps();
    assert.ok(steps.length >= 5, `found ${steps.length} example steps`);
    for (const step of steps) {
      for (const name of Object.keys(step.with ?? {})) {
        assert.ok(inputs.has(name), `README uses input "${name}", which action.yml does not declare`);
      }
    }
  });

  it('documents every input of action.yml', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    for (const name of await actionInputs()) assert.match(readme, new RegExp(`\\| \`${name}\` \\|`));
  });
});
