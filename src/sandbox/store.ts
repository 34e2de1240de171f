import { randomBytes } from 'node:crypto';
import type {
  Account,
  AppRecord,
  InstallationRecord,
  Permissions,
  RepoData,
  RepoRecord,
} from './model.ts';

/** Who a token acts as and what it may do. */
export interface TokenRecord {
  token: string;
  /** `user`: a personal token (full access to what the user can reach). */
  kind: 'user' | 'installation' | 'workflow';
  actor: Account;
  permissions: Permissions;
  /** Repositories the token can reach; null = every repository of the actor/installation. */
  repositoryIds: number[] | null;
  installation: InstallationRecord | null;
  expiresAt: string;
}

/** The in-memory database of the sandbox (git holds the rest). */
export class Store {
  private nextId = 1000;
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, RepoRecord>();
  readonly data = new Map<number, RepoData>();
  readonly apps = new Map<number, AppRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  readonly tokens = new Map<string, TokenRecord>();

  /** A fresh id; one sequence for all record kinds keeps ids unique like GitHub's. */
  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  /** The account with this login, created as a user (or bot for `[bot]` logins) on first use. */
  account(login: string, type?: Account['type']): Account {
    const existing = this.accounts.get(login.toLowerCase());
    if (existing) return existing;
    const account: Account = {
      id: this.id(),
      login,
      type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'),
    };
    this.accounts.set(login.toLowerCase(), account);
    return account;
  }

  /** Repository by owner and name (case-insensitive, like GitHub), or undefined. */
  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** Repository by id. */
  repoById(id: number): RepoRecord | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  /** The non-git data of a repository. */
  repoData(repo: RepoRecord): RepoData {
    let data = this.data.get(repo.id);
    if (!data) {
      data = {
        issues: new Map(),
        comments: [],
        checkRuns: [],
        releases: [],
        deployments: [],
        workflowRuns: [],
      };
      this.data.set(repo.id, data);
    }
    return data;
  }

  /** Issues a token. Prefixes follow GitHub's (`ghp_`, `ghs_`) so secret scanners and logs look familiar. */
  issueToken(input: Omit<TokenRecord, 'token' | 'expiresAt'> & { ttlMs?: number }): TokenRecord {
    const prefix = input.kind === 'user' ? 'ghp_' : 'ghs_';
    const record: TokenRecord = {
      token: `${prefix}${randomBytes(18).toString('base64url')}`,
      kind: input.kind,
      actor: input.actor,
      permissions: input.permissions,
      repositoryIds: input.repositoryIds,
      installation: input.installation,
      expiresAt: new Date(Date.now() + (input.ttlMs ?? 3_600_000)).toISOString(),
    };
    this.tokens.set(record.token, record);
    return record;
  }
}
