import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { OUTPUTS } from '../../src/action/outputs.ts';
import { loadWorkflowParser } from './load-workflow-parser.ts';

const root = new URL('../../', import.meta.url);
const parser = await loadWorkflowParser();

interface Source {
  name: string;
  content: string;
}

async function workflowFiles(): Promise<Source[]> {
  const directory = new URL('.github/workflows/', root);
  const names = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({
      name: `.github/workflows/${name}`,
      content: await readFile(new URL(name, directory), 'utf8'),
    })),
  );
}

/** Example workflows under `examples/` (any YAML file there with `jobs:`). */
async function exampleWorkflows(): Promise<Source[]> {
  const directory = new URL('examples/', root);
  let names: string[];
  try {
    names = await readdir(directory, { recursive: true });
  } catch {
    return [];
  }
  const sources = await Promise.all(
    names
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map(async (name) => ({
        name: `examples/${name}`,
        content: await readFile(new URL(name, directory), 'utf8'),
      })),
  );
  return sources.filter((source) => /^jobs:/m.test(source.content));
}

/** ```yaml blocks of the README that are whole workflows (they have `jobs:`). */
async function readmeWorkflows(): Promise<Source[]> {
  const readme = await readFile(new URL('README.md', root), 'utf8');
  const blocks = [...readme.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)];
  return blocks
    .map((match, index) => ({ name: `README.md yaml block ${index + 1}`, content: match[1] ?? '' }))
    .filter((block) => /^jobs:/m.test(block.content));
}

/** Every workflow the repository shows: its own, the examples' and the README's. */
async function allWorkflows(): Promise<Source[]> {
  return [...(await workflowFiles()), ...(await exampleWorkflows()), ...(await readmeWorkflows())];
}

/** The few fields of a workflow these tests read (the parser above checks the rest). */
const WorkflowSchema = z.object({
  name: z.string(),
  on: z
    .object({ workflow_run: z.object({ workflows: z.array(z.string()) }).optional() })
    .passthrough(),
  jobs: z.record(z.string(), z.object({ if: z.string().optional() }).passthrough()),
});

function workflowErrors(source: Source): string[] {
  const { parseWorkflow, NoOperationTraceWriter } = parser.workflows;
  const result = parseWorkflow(source, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

describe('workflow files', () => {
  it('the parser reports an invalid permission (so a clean result means something)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: { contents: reed }\n    steps:\n      - run: "true"\n';
    expect(workflowErrors({ name: 'broken.yml', content: broken })).toEqual([
      expect.stringContaining("Unexpected value 'reed'"),
    ]);
  });

  it('every workflow in .github/workflows, examples/ and the README parses without errors', async () => {
    const sources = await allWorkflows();
    expect(sources.map((source) => source.name)).toEqual(
      expect.arrayContaining([
        '.github/workflows/modelgate.yml',
        '.github/workflows/modelgate-report.yml',
      ]),
    );
    const errors = sources.flatMap((source) => workflowErrors(source));
    expect(errors).toEqual([]);
  });

  it('the example workflows run every mode with the least permissions each needs', async () => {
    const [main, report] = await Promise.all(
      ['modelgate.yml', 'modelgate-report.yml'].map((name) =>
        readFile(new URL(`.github/workflows/${name}`, root), 'utf8'),
      ),
    );
    expect(parseYaml(main ?? '')).toMatchObject({
      permissions: {},
      jobs: {
        train: { permissions: { contents: 'read' } },
        'record-and-release': {
          permissions: {
            contents: 'write',
            // A merge whose own report fails the gate gets a failing check on its commit.
            checks: 'write',
            'pull-requests': 'read',
            deployments: 'write',
          },
        },
        monitor: { permissions: { contents: 'read', issues: 'write' } },
      },
    });
    expect(parseYaml(report ?? '')).toMatchObject({
      on: {
        workflow_run: { workflows: ['modelgate'], types: ['completed'] },
        issue_comment: { types: ['created'] },
      },
      permissions: {},
      jobs: {
        report: {
          permissions: {
            actions: 'read',
            // The config and history are read; the trend lives in the sticky comment.
            contents: 'read',
            checks: 'write',
            'pull-requests': 'write',
          },
        },
      },
    });
    const modes = [...`${main}${report}`.matchAll(/^\s+mode: (\w+)$/gm)].map((match) => match[1]);
    expect(new Set(modes)).toEqual(new Set(['train', 'report', 'release', 'monitor']));
  });

  it('a report job runs for every completed pull request run, failed ones included', async () => {
    const reportJobs = (await allWorkflows()).flatMap((source) => {
      const jobs = WorkflowSchema.parse(parseYaml(source.content)).jobs;
      return Object.values(jobs)
        .filter((job) => /^\s+mode: report$/m.test(stringifyYaml(job)))
        .map((job) => ({ name: source.name, if: job.if ?? '' }));
    });
    expect(reportJobs.map((job) => job.name)).toEqual(
      expect.arrayContaining(['.github/workflows/modelgate-report.yml']),
    );
    for (const job of reportJobs) {
      expect(job.if, job.name).toContain("github.event.workflow_run.event == 'pull_request'");
      // A failed or cancelled training run must still fail the gate on its commit.
      expect(job.if, job.name).not.toContain('conclusion');
    }
  });

  it('no workflow is triggered by its own completion (each run would start another)', async () => {
    for (const source of await allWorkflows()) {
      const workflow = WorkflowSchema.parse(parseYaml(source.content));
      const triggers = workflow.on.workflow_run?.workflows ?? [];
      expect(triggers, source.name).not.toContain(workflow.name);
    }
  });
});

describe('action.yml', () => {
  it('is a valid action whose outputs are the ones the code sets', async () => {
    const { parseAction, convertActionTemplate } = parser.actions;
    const { NoOperationTraceWriter } = parser.workflows;
    const content = await readFile(new URL('action.yml', root), 'utf8');
    const result = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    if (!result.value) throw new Error('action.yml parsed to nothing');
    const action = convertActionTemplate(result.context, result.value);
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
    expect((action.outputs ?? []).map((output) => output.id).sort()).toEqual(
      Object.values(OUTPUTS).sort(),
    );
  });
});
