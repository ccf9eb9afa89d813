// Git look-ups for the base ref: which commit, the spec there, and the changesets added since.
import { run } from './run.ts'

/** The base commit to compare against, or why there is none. */
export type Base =
  | { kind: 'ref'; ref: string; sha: string; how: string }
  | { kind: 'none'; reason: string }
  | { kind: 'error'; message: string }

async function git(root: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  const r = await run('git', args, { cwd: root, timeoutMs: 30_000 })
  return { ok: r.code === 0, out: r.output.trim() }
}

async function commitOf(root: string, ref: string): Promise<string | undefined> {
  const r = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  return r.ok ? r.out : undefined
}

/** `--base` when given; else the merge base with origin/main; else HEAD~1; else none. */
export async function resolveBase(root: string, explicit: string | undefined): Promise<Base> {
  if (explicit !== undefined) {
    const sha = await commitOf(root, explicit)
    if (sha === undefined)
      return {
        kind: 'error',
        message: `--base ${explicit} is not a commit in this repository (fetch it first?)`,
      }
    return { kind: 'ref', ref: explicit, sha, how: '--base' }
  }
  if ((await commitOf(root, 'origin/main')) !== undefined) {
    const mb = await git(root, ['merge-base', 'HEAD', 'origin/main'])
    if (mb.ok)
      return { kind: 'ref', ref: mb.out.slice(0, 12), sha: mb.out, how: 'merge base with origin/main' }
  }
  const prev = await commitOf(root, 'HEAD~1')
  if (prev !== undefined)
    return { kind: 'ref', ref: 'HEAD~1', sha: prev, how: 'previous commit; there is no origin/main' }
  return { kind: 'none', reason: 'no origin/main and no previous commit' }
}

/** The text of `file` at `sha`, or undefined when it does not exist there. */
export async function showAt(root: string, sha: string, file: string): Promise<string | undefined> {
  const r = await run('git', ['show', `${sha}:${file}`], { cwd: root, timeoutMs: 30_000 })
  return r.code === 0 ? r.output : undefined
}

/** Changeset files (`.changeset/*.md`, not README.md) added since `sha`, committed or not. */
export async function newChangesets(root: string, sha: string): Promise<string[]> {
  const added = await git(root, ['diff', '--name-only', '--diff-filter=A', sha, '--', '.changeset'])
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '--', '.changeset'])
  const files = [...added.out.split('\n'), ...untracked.out.split('\n')]
  return [...new Set(files)].filter((f) => /^\.changeset\/[^/]+\.md$/.test(f) && f !== '.changeset/README.md')
}

/** Files changed since `sha`: committed, staged, unstaged or untracked (paths from the root). */
export async function changedFiles(root: string, sha: string): Promise<string[]> {
  const diff = await git(root, ['diff', '--name-only', sha])
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard'])
  return [...new Set([...diff.out.split('\n'), ...untracked.out.split('\n')])].filter(Boolean)
}
