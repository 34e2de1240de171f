import { json, type Route } from '../http/route.ts';
import { actorOf } from '../auth.ts';
import { userShape } from '../shapes/common.ts';
import { timestamp } from '../timestamp.ts';

/**
 * The authenticated user. As on GitHub, only a personal token has one: a workflow
 * `GITHUB_TOKEN` or an installation token gets 403 "Resource not accessible by integration"
 * (the route's `user` access), which is how a caller learns it acts as a bot.
 */

/** Fixed account dates: the sandbox keeps no account history, and stable output diffs well. */
const ACCOUNT_CREATED = timestamp(new Date('2020-01-01T00:00:00Z'));

/** User routes. */
export const userRoutes: Route[] = [
  {
    method: 'GET',
    path: '/user',
    access: { kind: 'user' },
    handler: async (ctx) => {
      const account = actorOf(ctx.core, ctx.principal);
      // `private-user`: the public profile plus the fields only the account itself sees.
      return json(200, {
        ...userShape(ctx.core, account),
        name: null,
        company: null,
        blog: '',
        location: null,
        email: null,
        hireable: null,
        bio: null,
        twitter_username: null,
        public_repos: 0,
        public_gists: 0,
        followers: 0,
        following: 0,
        created_at: ACCOUNT_CREATED,
        updated_at: ACCOUNT_CREATED,
        private_gists: 0,
        total_private_repos: 0,
        owned_private_repos: 0,
        disk_usage: 0,
        collaborators: 0,
        two_factor_authentication: true,
      });
    },
  },
];
