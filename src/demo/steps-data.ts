import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitAndPush } from './git.ts';
import type { Fact } from './printer.ts';
import type { Stage } from './stage.ts';
import { fact } from './story-state.ts';
import { gateCheck, openPull, stickyComments, trainPull } from './steps-pulls.ts';

/** The example's training data, as the config names it. */
const DATA_PATH = 'data/train.csv';

const PLAN = {
  branch: 'relabelled-data',
  title: 'data: drop 12 duplicated scans, add 20 new ones',
  body: [
    'The lab re-scanned twenty tumours with the new scanner (their texture reads a little',
    'higher) and found twelve scans that were entered twice. Same model, new data.',
  ].join('\n'),
};

/**
 * The pull request's data: the first twelve rows dropped, and twenty rows added that are
 * copies of later rows with a higher texture (a new scanner), so the rows, the test split and
 * the texture's distribution all change while the columns stay the same.
 */
export function changedData(csv: string): string {
  const [header = '', ...rows] = csv.trimEnd().split('\n');
  const texture = header.split(',').indexOf('mean_texture');
  const added = rows.slice(100, 120).map((row) => {
    const cells = row.split(',');
    cells[texture] = (Number(cells[texture]) + 6).toFixed(2);
    return cells.join(',');
  });
  return `${[header, ...rows.slice(12), ...added].join('\n')}\n`;
}

/** PR 4 changes the training data: the comment and the check gain the data section. */
export async function changeData(stage: Stage): Promise<Fact[]> {
  const csv = await readFile(join(stage.clone, DATA_PATH), 'utf8').catch(() => null);
  if (csv === null) return [fact(false, `the example repository has no ${DATA_PATH}`)];
  const head = await commitAndPush({
    dir: stage.clone,
    branch: PLAN.branch,
    from: stage.repo.defaultBranch,
    files: { [DATA_PATH]: changedData(csv) },
    message: PLAN.title,
  });
  const number = await openPull(stage, PLAN);
  const run = await trainPull(stage, number, PLAN.branch, 'opened');
  const facts = [...run.facts];
  const comment = stickyComments(await stage.api.comments(number))[0];
  const body = comment?.body ?? '';
  const rows = /\*\*Rows:\*\* ([^\n]*?) \(by row hash/.exec(body)?.[1];
  facts.push(
    fact(
      body.includes('#### Data changes'),
      body.includes('#### Data changes')
        ? `the comment on #${number} shows what the pull request did to the data${rows === undefined ? '' : `: ${rows}`}`
        : `the comment on #${number} has no data section`,
      comment?.html_url,
    ),
  );
  const effect =
    /Same model, new rows: ([+−][\d.]+) \(the data's effect\); same rows, new model: ([+−][\d.]+)/.exec(
      body,
    );
  facts.push(
    fact(
      body.includes('| **Base model** |'),
      effect === null
        ? 'the comment has no 2×2 table of data effect and model effect'
        : `2×2 table: same model on the new rows ${effect[1] ?? ''}, new model on the same rows ${effect[2] ?? ''}`,
    ),
  );
  const check = await gateCheck(stage, head);
  const summary = check?.output.summary ?? '';
  facts.push(
    fact(
      summary.includes('#### Data changes'),
      summary.includes('#### Data changes')
        ? `the "${check?.name ?? 'gate'}" check's summary shows the same data section${summary.includes('The test rows changed') ? ', with the warning that the test rows changed' : ''}`
        : 'the gate check has no data section',
      check?.html_url,
    ),
  );
  return facts;
}
