import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  readonly login: string;
  readonly type: 'User' | 'Bot';
}

export interface FakeComment {
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly user: FakeUser;
}

export interface FakeIssue {
  readonly number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  /** Pull requests are issues too in GitHub's REST API, marked by a `pull_request` field. */
  readonly pullRequest: boolean;
}

/** A request the fake answered, for assertions. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query, e.g. `/repos/octo-org/platform/issues/12/comments`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body; undefined without one. */
  readonly body: unknown;
}

export interface FakeGitHubApiOptions {
  /** @default 'octo-org' */
  readonly owner?: string;
  /** @default 'platform' */
  readonly repo?: string;
  /** The only token accepted; others get 401. @default 'test-token' */
  readonly token?: string;
  /** Most items per page whatever `per_page` asks (GitHub: 100); small values make tests paginate. @default 100 */
  readonly pageSizeLimit?: number;
}

/** Whom the fake names as author of what the client creates: the identity of GITHUB_TOKEN in a workflow. */
export const FAKE_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };

/**
 * The parts of GitHub's REST API the plan comment tool uses, served from memory on 127.0.0.1 (a random port): issue
 * comments (list with Link-header pagination, create, edit, delete), issues (list by state and label, create, edit),
 * an issue's labels (list, add, remove), the repository's labels (get, create) and a workflow run's jobs (one page). Every request is recorded; `failNext` makes the next matching requests fail.
 */
export class FakeGitHubApi {
  readonly requests: RecordedRequest[] = [];
  readonly comments: FakeComment[] = [];
  readonly issues: FakeIssue[] = [];
  readonly labels = new Set<string>();
  /** Jobs of workflow runs, by run ID. */
  readonly jobs = new Map<number, Array<{ readonly id: number; readonly name: string }>>();
  private readonly failures: Array<{ status: number; times: number; method?: string; path?: RegExp; message?: string }> = [];
  private nextId = 1000;

  /** Root of the API, e.g. `http://127.0.0.1:41234`: the client's baseUrl. */
  readonly url: string;
  private readonly options: Required<FakeGitHubApiOptions>;

  private constructor(
    private readonly server: Server,
    options: FakeGitHubApiOptions,
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.options = { owner: 'octo-org', repo: 'platform', token: 'test-token', pageSizeLimit: 100, ...options };
  }

  static async start(options: FakeGitHubApiOptions = {}): Promise<FakeGitHubApi> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = new FakeGitHubApi(server, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void api.handle(request, response));
    return api;
  }

  async close(): Promise<void> {
    // The client keeps connections alive; close() alone would wait for them to time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  addPullRequest(number: number): FakeIssue {
    return this.addIssue({ number, title: `Pull request ${number}`, body: '', pullRequest: true });
  }

  addIssue(issue: Partial<FakeIssue> & { readonly number: number }): FakeIssue {
    const created: FakeIssue = { title: `Issue ${issue.number}`, body: '', state: 'open', stateReason: null, labels: [], pullRequest: false, ...issue };
    this.issues.push(created);
    return created;
  }

  addComment(issueNumber: number, body: string, user: FakeUser = { login: 'octocat', type: 'User' }): FakeComment {
    const comment = { id: this.nextId++, issueNumber, body, user };
    this.comments.push(comment);
    return comment;
  }

  /** A job of workflow run `runId`, e.g. the matrix job `plan (staging)`; its page is `<repo>/actions/runs/<run>/job/<id>`. */
  addJob(runId: number, name: string): { readonly id: number; readonly name: string } {
    const job = { id: this.nextId++, name };
    this.jobs.set(runId, [...(this.jobs.get(runId) ?? []), job]);
    return job;
  }

  /**
   * The next `times` requests (of `method`, to a path matching `path`) get `status` and `message` instead of an
   * answer.
   */
  failNext(status: number, { times = 1, method, path, message }: { times?: number; method?: string; path?: RegExp; message?: string } = {}): void {
    this.failures.push({ status, times, method, path, message });
  }

  /** Requests other than reads, as `METHOD path`. */
  writes(): string[] {
    return this.requests.filter(({ method }) => method !== 'GET').map(({ method, path }) => `${method} ${path}`);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const text = await readBody(request);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    const method = request.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body });

    const failure = this.failures.find((candidate) => candidate.times > 0 && (!candidate.method || candidate.method === method) && (!candidate.path || candidate.path.test(url.pathname)));
    if (failure) {
      failure.times -= 1;
      return send(response, failure.status, { message: failure.message ?? `Injected failure ${failure.status}` });
    }
    const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token !== this.options.token) {
      return send(response, 401, { message: 'Bad credentials' });
    }
    const prefix = `/repos/${this.options.owner}/${this.options.repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) {
      return send(response, 404, { message: 'Not Found' });
    }
    this.route(method, url.pathname.slice(prefix.length), url, body ?? {}, response);
  }

  private route(method: string, path: string, url: URL, body: Record<string, unknown>, response: ServerResponse): void {
    const issueComments = /^\/issues\/(\d+)\/comments$/.exec(path);
    const comment = /^\/issues\/comments\/(\d+)$/.exec(path);
    const issue = /^\/issues\/(\d+)$/.exec(path);
    const label = /^\/labels\/([^/]+)$/.exec(path);
    const runJobs = /^\/actions\/runs\/(\d+)\/jobs$/.exec(path);
    if (runJobs && method === 'GET') {
      const { owner, repo } = this.options;
      const runId = Number(runJobs[1]);
      const jobs = (this.jobs.get(runId) ?? []).map(({ id, name }) => ({ id, name, html_url: `https://github.com/${owner}/${repo}/actions/runs/${runId}/job/${id}` }));
      return send(response, 200, { total_count: jobs.length, jobs });
    }
    const issueLabels = /^\/issues\/(\d+)\/labels$/.exec(path);
    const issueLabel = /^\/issues\/(\d+)\/labels\/([^/]+)$/.exec(path);
    if (issueComments) {
      const number = Number(issueComments[1]);
      if (!this.issues.some((candidate) => candidate.number === number)) return send(response, 404, { message: 'Not Found' });
      if (method === 'GET') return this.page(url, response, this.comments.filter((candidate) => candidate.issueNumber === number).map((c) => this.commentJson(c)));
      if (method === 'POST') return send(response, 201, this.commentJson(this.addComment(number, String(body.body), FAKE_BOT)));
    }
    if (comment && method === 'DELETE') {
      const index = this.comments.findIndex((candidate) => candidate.id === Number(comment[1]));
      if (index < 0) return send(response, 404, { message: 'Not Found' });
      this.comments.splice(index, 1);
      return send(response, 204, undefined);
    }
    if (issueLabels || issueLabel) {
      const found = this.issues.find((candidate) => candidate.number === Number((issueLabels ?? issueLabel)?.[1]));
      if (!found) return send(response, 404, { message: 'Not Found' });
      const named = (names: readonly string[]) => names.map((name) => ({ name }));
      if (issueLabels && method === 'GET') return this.page(url, response, named(found.labels));
      if (issueLabels && method === 'POST') {
        // Like GitHub, adding a label the repository lacks creates it.
        for (const name of (body.labels as string[] | undefined) ?? []) {
          this.labels.add(name);
          if (!found.labels.includes(name)) found.labels.push(name);
        }
        return send(response, 200, named(found.labels));
      }
      if (issueLabel && method === 'DELETE') {
        const name = decodeURIComponent(issueLabel[2]);
        if (!found.labels.includes(name)) return send(response, 404, { message: 'Label does not exist' });
        found.labels = found.labels.filter((candidate) => candidate !== name);
        return send(response, 200, named(found.labels));
      }
    }
    if (comment && method === 'PATCH') {
      const found = this.comments.find((candidate) => candidate.id === Number(comment[1]));
      if (!found) return send(response, 404, { message: 'Not Found' });
      found.body = String(body.body);
      return send(response, 200, this.commentJson(found));
    }
    if (path === '/issues' && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const wanted = url.searchParams.get('labels')?.split(',') ?? [];
      const issues = this.issues.filter((candidate) => (state === 'all' || candidate.state === state) && wanted.every((name) => candidate.labels.includes(name)));
      return this.page(url, response, issues.map((i) => this.issueJson(i)));
    }
    if (path === '/issues' && method === 'POST') {
      const number = Math.max(0, ...this.issues.map((candidate) => candidate.number)) + 1;
      // Like GitHub for a token without push access, labels that do not exist are dropped.
      const labels = ((body.labels as string[] | undefined) ?? []).filter((name) => this.labels.has(name));
      return send(response, 201, this.issueJson(this.addIssue({ number, title: String(body.title), body: String(body.body ?? ''), labels })));
    }
    if (issue && method === 'PATCH') {
      const found = this.issues.find((candidate) => candidate.number === Number(issue[1]));
      if (!found) return send(response, 404, { message: 'Not Found' });
      Object.assign(found, {
        ...(typeof body.title === 'string' ? { title: body.title } : {}),
        ...(typeof body.body === 'string' ? { body: body.body } : {}),
        ...(body.state === 'open' || body.state === 'closed' ? { state: body.state, stateReason: body.state_reason ?? null } : {}),
      });
      return send(response, 200, this.issueJson(found));
    }
    if (label && method === 'GET') {
      const name = decodeURIComponent(label[1]);
      return this.labels.has(name) ? send(response, 200, { name }) : send(response, 404, { message: 'Not Found' });
    }
    if (path === '/labels' && method === 'POST') {
      this.labels.add(String(body.name));
      return send(response, 201, { name: body.name, color: body.color, description: body.description });
    }
    send(response, 404, { message: 'Not Found' });
  }

  /** One page of `items` as GitHub pages them: `per_page` (capped) and `page` parameters, a Link header. */
  private page(url: URL, response: ServerResponse, items: readonly unknown[]): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.options.pageSizeLimit);
    const page = Number(url.searchParams.get('page') ?? 1);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const link = (target: number, rel: string) => {
      const pageUrl = new URL(url);
      pageUrl.searchParams.set('page', String(target));
      return `<${pageUrl.href}>; rel="${rel}"`;
    };
    const headers: Record<string, string> = page < lastPage ? { link: [link(page + 1, 'next'), link(lastPage, 'last')].join(', ') } : {};
    send(response, 200, items.slice((page - 1) * perPage, page * perPage), headers);
  }

  private commentJson(comment: FakeComment): Record<string, unknown> {
    const { owner, repo } = this.options;
    return { id: comment.id, body: comment.body, user: comment.user, html_url: `https://github.com/${owner}/${repo}/pull/${comment.issueNumber}#issuecomment-${comment.id}` };
  }

  private issueJson(issue: FakeIssue): Record<string, unknown> {
    const { owner, repo } = this.options;
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      labels: issue.labels.map((name) => ({ name })),
      html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}`,
      ...(issue.pullRequest ? { pull_request: { url: `${this.url}/repos/${owner}/${repo}/pulls/${issue.number}` } } : {}),
    };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
