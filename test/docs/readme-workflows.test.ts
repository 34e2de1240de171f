import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The README's two workflows without the App are the repository's own, as it says: the same
 * triggers, jobs, permissions and concurrency groups, with only the differences it names.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const StepSchema = z.looseObject({
  uses: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
});
const WorkflowSchema = z.looseObject({
  jobs: z.record(z.string(), z.looseObject({ steps: z.array(StepSchema) })),
});
type Workflow = z.infer<typeof WorkflowSchema>;

/**
 * What a user's copy differs by, as the README says: the Action from the Marketplace (so the
 * sparse checkout of the Action itself goes), and no `working-directory: examples`.
 */
function asUsersCopy(workflow: Workflow): Workflow {
  const jobs = Object.fromEntries(
    Object.entries(workflow.jobs).map(([name, job]) => [
      name,
      {
        ...job,
        steps: job.steps
          .filter(
            (step) =>
              !(step.uses?.startsWith('actions/checkout') && step.with?.['sparse-checkout']),
          )
          .map((step) => {
            if (step.uses !== './') return step;
            const inputs = Object.entries(step.with ?? {}).filter(
              ([key]) => key !== 'working-directory',
            );
            return { ...step, uses: 'modelgate/modelgate@v1', with: Object.fromEntries(inputs) };
          }),
      },
    ]),
  );
  return { ...workflow, jobs };
}

async function readmeWorkflows(): Promise<Workflow[]> {
  const readme = await readFile(`${ROOT}README.md`, 'utf8');
  const start = readme.indexOf('Without the App, two workflows run all four');
  const blocks = [...readme.slice(start).matchAll(/```yaml\n([\s\S]*?)```/g)].slice(0, 2);
  return blocks.map((block) => WorkflowSchema.parse(parse(block[1] ?? '')));
}

async function repositoryWorkflow(name: string): Promise<Workflow> {
  const text = await readFile(`${ROOT}.github/workflows/${name}`, 'utf8');
  return WorkflowSchema.parse(parse(text));
}

describe("the README's workflows without the App", () => {
  it('are the repository’s own, concurrency groups included, but for the named differences', async () => {
    const [train, report] = await readmeWorkflows();
    expect(train).toEqual(asUsersCopy(await repositoryWorkflow('modelgate.yml')));
    expect(report).toEqual(asUsersCopy(await repositoryWorkflow('modelgate-report.yml')));
    expect(JSON.stringify(train)).toContain('modelgate-release-');
  });
});
