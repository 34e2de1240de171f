import type { Route } from '../http/route.ts';
import { actionsRoutes } from './actions.ts';
import { appRoutes } from './apps.ts';
import { checkRoutes } from './checks.ts';
import { contentsRoutes } from './contents.ts';
import { deploymentRoutes } from './deployments.ts';
import { gitObjectRoutes } from './git-objects.ts';
import { gitRoutes } from './git.ts';
import { issueRoutes } from './issues.ts';
import { pullRoutes } from './pulls.ts';
import { releaseRoutes } from './releases.ts';
import { repoRoutes } from './repos.ts';
import { userRoutes } from './users.ts';

/** Every REST route the sandbox serves (the OpenAPI subset script reads this list too). */
export const allRoutes: Route[] = [
  ...appRoutes,
  ...userRoutes,
  ...repoRoutes,
  ...contentsRoutes,
  ...gitRoutes,
  ...gitObjectRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...checkRoutes,
  ...releaseRoutes,
  ...deploymentRoutes,
  ...actionsRoutes,
];
